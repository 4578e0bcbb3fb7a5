import { InvalidArgumentError } from 'commander';

/** `iris` → the model; `iris@production` → an alias; `iris/3` → a version. */
export interface ModelRefArg {
  name: string;
  alias?: string;
  version?: number;
}

/** Commander parser for `<name>[@alias|/version]`; a malformed one is a usage error. */
export function parseModelRef(text: string): ModelRefArg {
  const at = text.indexOf('@');
  const slash = text.indexOf('/');
  if (at !== -1 && slash !== -1) throw new InvalidArgumentError(`'${text}' names both an alias and a version; use name@alias or name/version`);
  if (at !== -1) {
    const [name, alias] = [text.slice(0, at), text.slice(at + 1)];
    if (name === '' || alias === '') throw new InvalidArgumentError(`'${text}' is not name@alias`);
    return { name, alias };
  }
  if (slash !== -1) {
    const [name, version] = [text.slice(0, slash), text.slice(slash + 1)];
    if (name === '' || !/^\d+$/.test(version) || Number(version) < 1) throw new InvalidArgumentError(`'${text}' is not name/version (a version is a positive integer)`);
    return { name, version: Number(version) };
  }
  if (text === '') throw new InvalidArgumentError('a model name is required');
  return { name: text };
}

/** Commander parser for a version number argument. */
export function parseVersionArg(text: string): number {
  const v = text.replace(/^v/i, '');
  if (!/^\d+$/.test(v) || Number(v) < 1) throw new InvalidArgumentError(`'${text}' is not a version number`);
  return Number(v);
}
