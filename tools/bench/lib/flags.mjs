/**
 * Command-line flags of a bench script: `--name value` or `--name=value`; `--help` prints them. Every flag is
 * declared with its default and a line of help; an unknown flag or a bad number is an error, not a guess.
 */
export function parseFlags(argv, spec, { usage }) {
  try {
    return parse(argv, spec, usage);
  } catch (e) {
    if (!(e instanceof FlagError)) throw e;
    process.stderr.write(`error: ${e.message}\n`);
    process.exit(2);
  }
}

function parse(argv, spec, usage) {
  const values = Object.fromEntries(Object.entries(spec).map(([name, s]) => [name, s.default]));
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') {
      process.stdout.write(helpText(spec, usage));
      process.exit(0);
    }
    const m = /^--([a-z0-9-]+)(?:=(.*))?$/.exec(arg);
    if (!m || !(m[1] in spec)) throw new FlagError(`unknown argument ${arg} (see --help)`);
    const [, name, inline] = m;
    const s = spec[name];
    if (s.type === 'bool') {
      values[name] = inline === undefined ? true : inline !== 'false';
      continue;
    }
    const raw = inline ?? argv[++i];
    if (raw === undefined) throw new FlagError(`--${name} needs a value`);
    values[name] = convert(name, s, raw);
  }
  return values;
}

export class FlagError extends Error {}

function convert(name, s, raw) {
  if (s.type === 'int' || s.type === 'number') {
    const n = Number(raw.replace(/_/g, ''));
    if (!Number.isFinite(n) || (s.type === 'int' && !Number.isInteger(n))) throw new FlagError(`--${name} must be ${s.type === 'int' ? 'an integer' : 'a number'}, got "${raw}"`);
    if (s.min !== undefined && n < s.min) throw new FlagError(`--${name} must be at least ${s.min}, got ${n}`);
    return n;
  }
  if (s.choices && !s.choices.includes(raw)) throw new FlagError(`--${name} must be one of ${s.choices.join(', ')}, got "${raw}"`);
  return raw;
}

function helpText(spec, usage) {
  const lines = [usage, '', 'flags:'];
  for (const [name, s] of Object.entries(spec)) {
    const def = s.type === 'bool' ? '' : ` (default ${s.default})`;
    lines.push(`  --${name}${s.type === 'bool' ? '' : ' <' + (s.choices ? s.choices.join('|') : s.type) + '>'}  ${s.help}${def}`);
  }
  return `${lines.join('\n')}\n`;
}
