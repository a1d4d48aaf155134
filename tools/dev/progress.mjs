/**
 * The start-up progress display: one line per step with its time; on a terminal the running step shows a
 * spinner and what it waits for. Plain lines when the output is not a terminal (CI, logs).
 */
const tty = process.stdout.isTTY;
const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export class Progress {
  constructor(total) {
    this.total = total;
    this.started = 0;
    this.timers = new Set();
  }

  /** Runs one step, showing `label` while it runs and ✓/✗ with its duration after. */
  async step(label, fn) {
    const started = Date.now();
    const n = ++this.started;
    const prefix = `[${String(n).padStart(String(this.total).length)}/${this.total}]`;
    let frame = 0;
    let detail = '';
    let timer;
    if (tty) {
      // steps that run side by side take turns on the status line
      timer = setInterval(() => {
        const secs = ((Date.now() - started) / 1000).toFixed(0);
        process.stdout.write(`\r\x1b[2K\x1b[36m${FRAMES[frame++ % FRAMES.length]}\x1b[0m ${prefix} ${label} ${detail ? `(${detail}) ` : ''}${secs}s`);
      }, 100);
      this.timers.add(timer);
    } else {
      process.stdout.write(`… ${prefix} ${label}\n`);
    }
    const finish = (line) => {
      clearInterval(timer);
      this.timers.delete(timer);
      process.stdout.write(tty ? `\r\x1b[2K${line}\n` : `${line}\n`);
    };
    try {
      const result = await fn((d) => (detail = d));
      finish(`\x1b[32m✓\x1b[0m ${prefix} ${label} \x1b[2m${((Date.now() - started) / 1000).toFixed(1)}s\x1b[0m`);
      return result;
    } catch (e) {
      finish(`\x1b[31m✗\x1b[0m ${prefix} ${label}: ${e.message}`);
      throw e;
    }
  }
}
