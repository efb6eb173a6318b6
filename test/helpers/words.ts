/** Comments that read like readers' remarks, all different, so the flood detector sees no campaign among them. */

const WORDS = (
  'budget council vote school road bridge library tax park river housing transit mayor election garden museum ' +
  'festival harbour water energy climate police court hospital nurse teacher bakery market train bus tram cycle ' +
  'lane parking noise summer winter autumn spring storm flood drought harvest farmer village city district ' +
  'report article reporter editor column opinion figure number percent million thousand agree disagree think ' +
  'believe wonder question answer history future plan proposal meeting minutes decision delay cost benefit ' +
  'risk safety access quiet busy crowded empty early late morning evening weekend holiday neighbour family'
).split(' ');

/** A deterministic pseudo-random reader comment for seed `n`. */
export function readerText(n: number, length = 14): string {
  // xorshift32, seeded by n: the same text for the same n, in every run.
  let x = (n + 1) * 0x9e3779b1 || 1;
  const out: string[] = [];
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out.push(WORDS[(x >>> 0) % WORDS.length]!);
  }
  return `${out.join(' ')}.`;
}

/** Twenty readers' names, for tests that post as many different people. */
export const READER_NAMES = ['Maria Lopez', 'Tom Becker', 'Aiko Tanaka', 'Sven Olsen', 'Priya Nair', 'Jon Weller', 'Lena Horvat', 'Omar Haddad', 'Kate Moss', 'Ivan Petrov',
  'Ana Silva', 'Ben Cho', 'Carla Diaz', 'Dan Roy', 'Eva Novak', 'Finn Berg', 'Gia Russo', 'Hugo Laine', 'Iris Vogel', 'Jake Ford'] as const;
