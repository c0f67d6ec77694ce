import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The repository, the lab's script and its state folder, as the tests that drive the lab use them. */
export const REPO = fileURLToPath(new URL('../..', import.meta.url));
export const LAB_SH = `${REPO}scripts/lab/lab.sh`;
export const LAB_DIR = (process.env.PORTOLAN_LAB_DIR ?? '/var/lib/portolan-lab').replace(
  /\/+$/,
  '',
);

export interface LabRun {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs `lab.sh ARGS`, collecting its output; kills it after timeoutMs. */
export function lab(args: string[], timeoutMs: number): Promise<LabRun> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn('bash', [LAB_SH, ...args], {
      cwd: REPO,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, PORTOLAN_LAB_DIR: LAB_DIR },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}
