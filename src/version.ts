import packageJson from '../package.json' with { type: 'json' };

/** asyncshift's own version, as `--version` prints it and the reports record it. */
export const VERSION: string = packageJson.version;
