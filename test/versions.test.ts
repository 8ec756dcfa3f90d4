// Version detection (spec rules.md §4.9): declaration-file parsing, PEP 440 ranges and the
// newest-allowed policy. Version order and PEP 508 parsing are compared live against the
// `packaging` library that pip vendors (/usr/bin/python3 -> pip._vendor.packaging, pip 23.0.1);
// Poetry and conda translations follow their documentation (cited per case).

import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  applyVersionOverrides,
  assumedVersion,
  compareVersions,
  declaredRange,
  isAtMost,
  mayBeBelow,
  isDeclarationFile,
  parseCondaSpec,
  parseEnvironmentYml,
  parsePyprojectToml,
  parseRequirementsTxt,
  parseSetupCfg,
  parseSetupPy,
  parseVersion,
  poetryToPep440,
} from '../server/src/analysis/versions';
import { clearProjectFactsCache, projectFactsFor } from '../server/src/project-files';

const PYTHON = '/usr/bin/python3';

function packaging(script: string, input: unknown): unknown {
  const r = spawnSync(PYTHON, ['-c', `import json, sys\nfrom pip._vendor.packaging import version, specifiers, requirements, utils\ndata = json.load(sys.stdin)\n${script}`], {
    input: JSON.stringify(input),
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
}

const hasPackaging = spawnSync(PYTHON, ['-c', 'from pip._vendor.packaging import version']).status === 0;

function map(entries: Record<string, string>): Map<string, string> {
  return new Map(Object.entries(entries));
}

/** Torch releases plus a far-future one, so that uncapped ranges allow "the newest". */
const TORCH_RELEASES = [
  '1.0.0', '1.0.1', '1.1.0', '1.2.0', '1.3.0', '1.3.1', '1.4.0', '1.5.0', '1.5.1', '1.6.0', '1.7.0', '1.7.1', '1.8.0', '1.8.1', '1.8.2',
  '1.9.0', '1.9.1', '1.10.0', '1.10.1', '1.10.2', '1.11.0', '1.12.0', '1.12.1', '1.13.0', '1.13.1', '2.0.0', '2.0.1', '2.1.0', '2.1.2',
  '2.2.0', '2.2.2', '2.3.0', '2.3.1', '2.4.0', '2.4.1', '2.5.0', '2.5.1', '2.6.0', '2.7.0', '2.7.1', '2.8.0', '2.9.0', '99.0.0',
];

describe('versions: PEP 440 order (live: pip._vendor.packaging)', function () {
  before(function () {
    if (!hasPackaging) this.skip();
  });
  it('sorts versions like packaging.version.Version', () => {
    const versions = ['1.8', '1.8.0', '1.8.1', '1.8.1+cu111', '1.9.0a1', '1.9.0b2', '1.9.0rc1', '1.9.0', '1.9.0.post1', '1.9.0.dev3', '1.10', '2.0', '2', '0.4.1', '1.13.1', '2.11.0'];
    const expected = packaging(
      'print(json.dumps([[(version.Version(a) > version.Version(b)) - (version.Version(a) < version.Version(b)) for b in data] for a in data]))',
      versions,
    ) as number[][];
    const actual = versions.map((a) => versions.map((b) => compareVersions(parseVersion(a)!, parseVersion(b)!)));
    // Local versions (`+cu111`) compare equal to their public version here, on purpose: a CUDA
    // build of 1.8.1 is 1.8.1 for every rule. packaging orders them after; skip those pairs.
    versions.forEach((a, i) =>
      versions.forEach((b, j) => {
        if (a.includes('+') !== b.includes('+') && parseVersion(a)!.release.join() === parseVersion(b)!.release.join()) return;
        assert.equal(actual[i]![j], expected[i]![j], `${a} vs ${b}`);
      }),
    );
  });

  it('reads requirement lines like packaging.requirements.Requirement', () => {
    const lines = [
      'torch==1.8.1',
      'torch >= 1.8, < 1.9',
      'Torch_Vision~=0.9.0',
      'numpy[extra]>=1.20;python_version>"3.7"',
      'torch (>=1.7,<1.10)',
      'imgaug==0.4.0  # augmentation',
      'albumentations',
      'scikit-learn!=1.0.1,>=0.24',
    ];
    const expected = packaging(
      'out = []\nfor line in data:\n  r = requirements.Requirement(line.split("#")[0].strip())\n  out.append([utils.canonicalize_name(r.name), sorted(str(s) for s in r.specifier)])\nprint(json.dumps(out))',
      lines,
    ) as [string, string[]][];
    for (const [i, line] of lines.entries()) {
      const parsed = [...parseRequirementsTxt(line)];
      assert.equal(parsed.length, 1, line);
      const [name, spec] = parsed[0]!;
      assert.equal(name, expected[i]![0], line);
      assert.deepEqual(spec.split(',').filter(Boolean).sort(), expected[i]![1], line);
    }
  });

  it('mayBeBelow matches "the newest release the range allows is below v" (packaging filters the releases)', () => {
    const specs = ['==1.8.1', '~=1.8.0', '~=1.8', '<1.9', '<=1.8.2', '>=1.8', '>=1.7,<1.9', '<2', '<2.0', '==1.8.*', '==1.13.1', '>=1.6,<=1.9.0', '!=1.9.0', '', '>1.8', '==2.0.1', '<1.13'];
    const thresholds = ['1.9', '1.13', '2.0', '2.9'];
    const expected = packaging(
      `releases = data["releases"]\nout = []\nfor s in data["specs"]:\n  allowed = list(specifiers.SpecifierSet(s).filter(releases))\n  newest = max(allowed, key=version.Version)\n  out.append([version.Version(newest) < version.Version(t) for t in data["thresholds"]])\nprint(json.dumps(out))`,
      { releases: TORCH_RELEASES, specs, thresholds },
    ) as boolean[][];
    for (const [i, spec] of specs.entries()) {
      for (const [j, t] of thresholds.entries()) {
        assert.equal(mayBeBelow(map({ torch: spec }), 'torch', t), expected[i]![j], `torch${spec} below ${t}`);
      }
    }
  });
});

describe('versions: policy (§4.9)', () => {
  it('nothing declared means the newest release: no predicate fires', () => {
    assert.equal(mayBeBelow(new Map(), 'torch', '1.9'), false);
    assert.equal(isAtMost(new Map(), 'torch', '1.13'), false);
    assert.equal(declaredRange(new Map(), 'torch'), undefined);
    assert.equal(assumedVersion(new Map(), 'torch'), undefined);
  });
  it('an open lower bound caps nothing', () => {
    assert.equal(mayBeBelow(map({ torch: '>=1.4' }), 'torch', '1.9'), false);
    assert.deepEqual(declaredRange(map({ torch: '>=1.4' }), 'torch'), { specifier: '>=1.4', exact: false, lower: { version: '1.4', inclusive: true } });
  });
  it('pins and caps decide', () => {
    assert.equal(assumedVersion(map({ torch: '==1.8.1' }), 'torch'), '1.8.1');
    assert.equal(assumedVersion(map({ torch: '<1.9' }), 'torch'), '< 1.9');
    assert.equal(isAtMost(map({ torch: '==1.13.1' }), 'torch', '1.13.1'), true);
    assert.equal(isAtMost(map({ torch: '==2.0.0' }), 'torch', '1.13.1'), false);
    assert.equal(mayBeBelow(map({ torch: '==1.8.1+cu111' }), 'torch', '1.9'), true);
  });
  it('unreadable specifiers say nothing', () => {
    assert.equal(mayBeBelow(map({ torch: '==banana' }), 'torch', '1.9'), false);
    assert.equal(declaredRange(map({ torch: '==banana' }), 'torch'), undefined);
  });
  it('a seedlint.torchVersion setting wins', () => {
    const d = applyVersionOverrides(map({ torch: '>=2.0' }), { torch: '1.8.1' });
    assert.equal(mayBeBelow(d, 'torch', '1.9'), true);
    assert.equal(mayBeBelow(applyVersionOverrides(map({ torch: '==1.8.1' }), { torch: '' }), 'torch', '1.9'), true);
    assert.equal(mayBeBelow(applyVersionOverrides(map({ torch: '==1.8.1' }), { torch: '2.1' }), 'torch', '1.9'), false);
  });
  it('package names are normalised (PEP 503)', () => {
    assert.equal(mayBeBelow(map({ 'torch-vision': '<0.10' }), 'Torch_Vision', '0.10'), true);
  });
});

describe('versions: Poetry and conda specifiers', () => {
  // https://python-poetry.org/docs/dependency-specification/ (caret, tilde, wildcard, exact)
  it('translates Poetry constraints', () => {
    assert.equal(poetryToPep440('^1.2.3'), '>=1.2.3,<2');
    assert.equal(poetryToPep440('^0.2.3'), '>=0.2.3,<0.3');
    assert.equal(poetryToPep440('^0.0.3'), '>=0.0.3,<0.0.4');
    assert.equal(poetryToPep440('~1.2.3'), '>=1.2.3,<1.3');
    assert.equal(poetryToPep440('~1'), '>=1,<2');
    assert.equal(poetryToPep440('1.8.1'), '==1.8.1');
    assert.equal(poetryToPep440('>=1.8,<1.9'), '>=1.8,<1.9');
    assert.equal(poetryToPep440('>= 1.8 < 1.9'), '>= 1.8,< 1.9');
    assert.equal(poetryToPep440('1.8.*'), '==1.8.*');
    assert.equal(poetryToPep440('*'), '*');
    assert.equal(mayBeBelow(map({ torch: poetryToPep440('^1.8') }), 'torch', '1.9'), false);
    assert.equal(mayBeBelow(map({ torch: poetryToPep440('~1.8') }), 'torch', '1.9'), true);
    // An OR keeps the alternative that allows the newest release.
    assert.equal(poetryToPep440('~1.8 || ^2.0'), '>=2.0,<3');
  });
  // https://docs.conda.io/projects/conda-build/en/latest/resources/package-spec.html
  it('reads conda MatchSpecs, mapping pytorch to torch', () => {
    assert.deepEqual(parseCondaSpec('pytorch=1.8'), ['torch', '==1.8.*']);
    assert.deepEqual(parseCondaSpec('pytorch=1.8.1=py3.8_cuda11.1_cudnn8.0.5_0'), ['torch', '==1.8.1.*']);
    assert.deepEqual(parseCondaSpec('pytorch==1.8.1'), ['torch', '==1.8.1']);
    assert.deepEqual(parseCondaSpec('pytorch::pytorch 1.8.1 py3.8_cuda*'), ['torch', '==1.8.1']);
    assert.deepEqual(parseCondaSpec('pytorch>=1.8,<1.9'), ['torch', '>=1.8,<1.9']);
    assert.deepEqual(parseCondaSpec('conda-forge::numpy'), ['numpy', '']);
    assert.deepEqual(parseCondaSpec('pytorch 1.8.*'), ['torch', '==1.8.*']);
  });
});

describe('versions: declaration files', () => {
  it('requirements.txt: comments, options, continuations, markers, wheels', () => {
    const text = [
      '# training deps',
      '-r base.txt',
      '--extra-index-url https://download.pytorch.org/whl/cu111',
      '-e .',
      'torch==1.8.1+cu111 -f https://download.pytorch.org/whl/torch_stable.html',
      'numpy>=1.19 \\',
      '    --hash=sha256:abc',
      'torchvision @ https://download.pytorch.org/whl/cu111/torchvision-0.9.1%2Bcu111-cp38-cp38-linux_x86_64.whl',
      'git+https://github.com/aleju/imgaug.git',
      'scikit_learn',
      '',
    ].join('\n');
    assert.deepEqual(Object.fromEntries(parseRequirementsTxt(text)), {
      torch: '==1.8.1+cu111',
      numpy: '>=1.19',
      torchvision: '==0.9.1+cu111',
      'scikit-learn': '',
    });
  });
  it('requirements.txt: a package declared twice keeps the declaration that allows the newest release', () => {
    const d = parseRequirementsTxt('torch==1.8.1; python_version < "3.7"\ntorch>=1.13; python_version >= "3.7"\n');
    assert.equal(d.get('torch'), '>=1.13');
    assert.equal(mayBeBelow(d, 'torch', '1.9'), false);
  });
  it('pyproject.toml: PEP 621 dependencies, optional dependencies and groups', () => {
    const text = `
[project]
name = "demo"
dependencies = ["torch>=1.7,<1.9", "numpy"]
[project.optional-dependencies]
aug = ["imgaug==0.4.0"]
[dependency-groups]
dev = ["pytest>=8"]
`;
    assert.deepEqual(Object.fromEntries(parsePyprojectToml(text)), { torch: '>=1.7,<1.9', numpy: '', imgaug: '==0.4.0', pytest: '>=8' });
  });
  it('pyproject.toml: Poetry dependencies, tables and groups; python is not a package', () => {
    const text = `
[tool.poetry.dependencies]
python = "^3.8"
torch = { version = "1.8.1", source = "torch-cu111" }
numpy = "^1.20"
imgaug = { git = "https://github.com/aleju/imgaug.git" }
[tool.poetry.group.dev.dependencies]
albumentations = "~1.3"
`;
    assert.deepEqual(Object.fromEntries(parsePyprojectToml(text)), {
      torch: '==1.8.1',
      numpy: '>=1.20,<2',
      imgaug: '',
      albumentations: '>=1.3,<1.4',
    });
  });
  it('pyproject.toml: invalid TOML declares nothing', () => {
    assert.equal(parsePyprojectToml('[project\ndependencies = [').size, 0);
  });
  it('setup.cfg: install_requires and extras_require', () => {
    const text = `
[metadata]
name = demo
[options]
python_requires = >=3.8
install_requires =
    torch==1.8.1
    numpy>=1.19  # comment
packages = find:
[options.extras_require]
aug =
    imgaug==0.4.0
`;
    assert.deepEqual(Object.fromEntries(parseSetupCfg(text)), { torch: '==1.8.1', numpy: '>=1.19', imgaug: '==0.4.0' });
  });
  it('setup.py: literal lists, a named list and extras_require values', () => {
    const text = `
from setuptools import setup
REQUIRED = [
    "torch>=1.6,<1.9",  # pinned for CUDA 10.2
    'numpy',
]
setup(
    name="demo",
    install_requires=REQUIRED,
    extras_require={"aug": ["imgaug==0.4.0"], "dev": ["pytest"]},
    setup_requires=["wheel"],
)
`;
    assert.deepEqual(Object.fromEntries(parseSetupPy(text)), { torch: '>=1.6,<1.9', numpy: '', imgaug: '==0.4.0', pytest: '', wheel: '' });
  });
  it('environment.yml: conda and pip sections', () => {
    const text = `
name: train
channels:
  - pytorch
  - conda-forge
dependencies:
  - python=3.8
  - pytorch=1.8.1
  - cudatoolkit=11.1
  - numpy>=1.19
  - pip
  - pip:
      - imgaug==0.4.0
      - "albumentations>=1.0"
      - -r requirements.txt
variables:
  - not: a-package
`;
    assert.deepEqual(Object.fromEntries(parseEnvironmentYml(text)), {
      python: '==3.8.*',
      torch: '==1.8.1.*',
      cudatoolkit: '==11.1.*',
      numpy: '>=1.19',
      pip: '',
      imgaug: '==0.4.0',
      albumentations: '>=1.0',
    });
    assert.equal(mayBeBelow(parseEnvironmentYml(text), 'torch', '1.9'), true);
    // Messages name the pinned version, not the range a prefix match stands for.
    assert.equal(assumedVersion(parseEnvironmentYml(text), 'torch'), '1.8.1');
  });
});

describe('versions: which files declare dependencies', () => {
  it('reads the usual names and the common variants published projects use', () => {
    const read = ['requirements.txt', 'requirements-dev.txt', 'requirements.in', 'requirement.txt', 'pyproject.toml', 'setup.cfg', 'setup.py', 'environment.yml', 'environment-gpu.yaml', 'env.yml', 'env.yaml', 'conda.yml'];
    const skipped = ['requirements.py', 'env.py', 'environ.yml', 'my-requirements.txt', 'setup.txt', 'config.yml'];
    assert.deepEqual(read.filter((n) => !isDeclarationFile(n)), []);
    assert.deepEqual(skipped.filter((n) => isDeclarationFile(n)), []);
  });
});

describe('project-files: nearest declarations up to the repository root', () => {
  let root: string;
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'seedlint-versions-'));
    // outside/            requirements.txt (torch==1.4, beyond the repository root: never read)
    // outside/repo/.git
    // outside/repo/pyproject.toml            torch==1.8.1, numpy
    // outside/repo/sub/requirements.txt      numpy==1.19.5
    // outside/repo/sub/deep/train.py
    // outside/repo/other/environment.yml     pytorch>=2.0
    writeFileSync(join(root, 'requirements.txt'), 'torch==1.4\nscipy==1.0\n');
    const repo = join(root, 'repo');
    mkdirSync(join(repo, '.git'), { recursive: true });
    writeFileSync(join(repo, 'pyproject.toml'), '[project]\nname="x"\ndependencies=["torch==1.8.1", "numpy"]\n');
    mkdirSync(join(repo, 'sub', 'deep'), { recursive: true });
    writeFileSync(join(repo, 'sub', 'requirements.txt'), 'numpy==1.19.5\n');
    writeFileSync(join(repo, 'sub', 'deep', 'train.py'), 'import torch\n');
    mkdirSync(join(repo, 'other'), { recursive: true });
    writeFileSync(join(repo, 'other', 'environment.yml'), 'dependencies:\n  - pytorch>=2.0\n');
    clearProjectFactsCache();
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('merges folders upwards, the nearer declaration winning, and stops at the repository root', () => {
    const facts = projectFactsFor(join(root, 'repo', 'sub', 'deep', 'train.py'));
    assert.deepEqual(Object.fromEntries(facts.declared), { numpy: '==1.19.5', torch: '==1.8.1' });
    assert.equal(facts.source, 'pyproject.toml');
  });
  it('a sibling folder with its own declarations', () => {
    const facts = projectFactsFor(join(root, 'repo', 'other', 'x.py'));
    assert.equal(facts.declared.get('torch'), '>=2.0');
    assert.equal(facts.source, join('other', 'environment.yml'));
  });
  it('settings override declarations', () => {
    const facts = projectFactsFor(join(root, 'repo', 'sub', 'deep', 'train.py'), { overrides: { torch: '2.1.0' } });
    assert.equal(facts.declared.get('torch'), '==2.1.0');
    assert.equal(mayBeBelow(facts.declared, 'torch', '1.9'), false);
  });
  it('no declarations: empty facts', () => {
    const lone = mkdtempSync(join(tmpdir(), 'seedlint-lone-'));
    try {
      mkdirSync(join(lone, '.git'));
      assert.equal(projectFactsFor(join(lone, 'a.py')).declared.size, 0);
    } finally {
      rmSync(lone, { recursive: true, force: true });
    }
  });
});
