import type { Command } from 'commander';

/** `import` and `check`: filled in by the notice importer (issue 3). */
export function registerNoticeCommands(_program: Command): void {}
