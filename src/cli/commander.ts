/**
 * commander, from one file when the build made one.
 *
 * `npm run build` (scripts/compile-data.mjs) bundles commander into dist/vendor/commander.cjs when
 * esbuild is installed: one file loads several times faster than its seven, which matters to the
 * start-up of every command. From src/ (tsx) or without the bundle, the package itself is loaded.
 * Every module of the CLI takes commander from here, so that one copy of its classes is in use
 * (`instanceof CommanderError` must hold for errors of any command).
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

type Commander = typeof import('commander');
const require = createRequire(import.meta.url);
const bundled = new URL('../vendor/commander.cjs', import.meta.url);
const lib = require(existsSync(bundled) ? fileURLToPath(bundled) : 'commander') as Commander;

export const { Command, CommanderError, Option, InvalidArgumentError } = lib;
export type Command = import('commander').Command;
export type CommanderError = import('commander').CommanderError;
export type Option = import('commander').Option;
