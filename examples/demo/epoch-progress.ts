import cliProgress from 'cli-progress';
import type { EpochMetrics } from '../iris/train.js';

/** Reports one run's epochs on stderr: a bar on a terminal, one line per run otherwise. */
export interface EpochProgress {
  epoch(epoch: number, metrics: EpochMetrics): void;
  done(summary: string): void;
}

export function epochProgress(runName: string, epochs: number): EpochProgress {
  if (!process.stderr.isTTY) {
    return { epoch: () => {}, done: (summary) => void process.stderr.write(`${runName}: ${summary}\n`) };
  }
  const bar = new cliProgress.SingleBar(
    {
      format: `${runName.padEnd(18)} [{bar}] {value}/{total} epochs | loss {loss} | val_acc {val_acc}`,
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(epochs, 0, { loss: '-', val_acc: '-' });
  return {
    epoch: (epoch, m) => bar.update(epoch + 1, { loss: m.loss.toFixed(4), val_acc: m.val_acc.toFixed(4) }),
    done: (summary) => {
      bar.stop();
      process.stderr.write(`${runName}: ${summary}\n`);
    },
  };
}
