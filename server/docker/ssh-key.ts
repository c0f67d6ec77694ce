/**
 * Is a private key file protected by a passphrase? Portolan never asks for one: such a key is
 * used through the SSH agent, as the docker CLI's ssh does. Handing it to ssh2 as well would fail
 * the whole login ("no passphrase given") before the agent is even tried.
 * Formats: OpenSSH's own (`openssh-key-v1`, its cipher name `none` when not encrypted), and PEM
 * (`Proc-Type: 4,ENCRYPTED` for PKCS#1/SEC1, `ENCRYPTED PRIVATE KEY` for PKCS#8).
 */
const OPENSSH_MAGIC = 'openssh-key-v1\0';

export function isEncryptedKey(key: Buffer | string): boolean {
  const text = key.toString();
  if (/-----BEGIN ENCRYPTED PRIVATE KEY-----/.test(text)) return true;
  if (/^Proc-Type:\s*4,\s*ENCRYPTED/m.test(text)) return true;
  const body =
    /-----BEGIN OPENSSH PRIVATE KEY-----([\s\S]*?)-----END OPENSSH PRIVATE KEY-----/.exec(
      text,
    )?.[1];
  if (body === undefined) return false;
  const bytes = Buffer.from(body.replace(/\s+/g, ''), 'base64');
  if (bytes.subarray(0, OPENSSH_MAGIC.length).toString('latin1') !== OPENSSH_MAGIC) return false;
  const at = OPENSSH_MAGIC.length;
  if (bytes.length < at + 4) return false;
  const length = bytes.readUInt32BE(at);
  return bytes.subarray(at + 4, at + 4 + length).toString('latin1') !== 'none';
}
