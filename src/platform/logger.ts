/**
 * pino factory. Logs are JSON lines; secrets, emails and IP addresses never appear in clear:
 * known fields are redacted by path, and the request serializer leaves out addresses and credentials.
 */
import { pino, type Logger, type DestinationStream } from 'pino';

export type { Logger } from 'pino';

/** Paths censored in every log line (pino `redact` syntax). */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'req.headers["sluice-signature"]',
  'req.headers["x-coral-signature"]',
  'res.headers["set-cookie"]',
  '*.email',
  '*.ip',
  '*.apiKey',
  '*.token',
  '*.webhookSecret',
  '*.password',
  'author.email',
  'author.ip',
  '*.author.email',
  '*.author.ip',
  // Deeper payloads (a job's data, a request body) and the Akismet protocol's own field names.
  '*.*.author.email',
  '*.*.author.ip',
  'authorization',
  '*.authorization',
  '*.headers.authorization',
  '*.secret',
  '*.coralSigningSecret',
  'api_key',
  '*.api_key',
  'user_ip',
  '*.user_ip',
  'comment_author_email',
  '*.comment_author_email',
] as const;

/** Options of {@link createLogger}. */
export interface LoggerOptions {
  readonly level: string;
  /** Where to write; default stdout. Tests pass a stream to assert on what was written. */
  readonly destination?: DestinationStream;
}

/** Creates the root logger. Pass it down; never import a logger singleton. */
export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      base: { service: 'sluice' },
      redact: { paths: [...REDACTED_PATHS], censor: '[redacted]' },
      serializers: { err: pino.stdSerializers.err },
    },
    options.destination,
  );
}

/** A logger that writes nothing, for CLI commands that own stdout. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
