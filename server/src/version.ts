// The package version, inlined by the bundler from package.json.
import manifest from '../../package.json';

export const VERSION: string = manifest.version;
