/** Command-line options of the bench scripts: `--name <positive whole number>`. */
export function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const n = Number(process.argv[i + 1]);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} needs a positive whole number`);
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
