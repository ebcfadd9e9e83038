/**
 * Command-line options of the bench scripts: `--name <whole number>`, at least `min` (1 unless the
 * option says 0 means "none", as --renders 0 and --warmup 0 do).
 */
export function arg(name: string, fallback: number, min = 1): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const n = Number(process.argv[i + 1]);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} needs a whole number of at least ${min}`);
  return n;
}

/** Runs a bench's main and exits with its code (1, after printing the error, when it fails). */
export function runBench(main: () => Promise<number>): void {
  main().then(
    (code) => process.exit(code),
    (err) => {
      console.error('[bench] failed:', err);
      process.exit(1);
    },
  );
}
