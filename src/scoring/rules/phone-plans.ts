/**
 * National numbering plans, compiled once from libphonenumber's metadata, so that checking a national number costs a
 * few regex tests instead of a libphonenumber parse (which rebuilds each pattern's RegExp on every call, 10-50 µs,
 * more than the rest of the pipeline takes for a comment). The check is libphonenumber's own `getNumberType`: the
 * number (without its trunk prefix) must have a possible length and match the country's general pattern and one
 * number type's pattern (fixed line, mobile, toll-free, premium rate …). Plans are read through libphonenumber's
 * `Metadata` class; a country whose plan cannot be read that way is left to a full parse.
 */
import { Metadata, parsePhoneNumberFromString, type CountryCode, type MetadataJson, type NumberType } from 'libphonenumber-js/core';

/** The number types libphonenumber checks after fixed line, in its order. */
const TYPES = ['MOBILE', 'PREMIUM_RATE', 'TOLL_FREE', 'SHARED_COST', 'VOIP', 'PERSONAL_NUMBER', 'PAGER', 'UAN', 'VOICEMAIL'] as const;

interface TypePattern {
  readonly type: NonNullable<NumberType>;
  readonly lengths: ReadonlySet<number> | undefined;
  readonly pattern: RegExp;
}

interface Plan {
  readonly prefix: string;
  readonly lengths: ReadonlySet<number>;
  readonly general: RegExp;
  readonly fixedLine: TypePattern | undefined;
  /** Mobile numbers share the fixed-line pattern (the US): a fixed-line match is "fixed line or mobile". */
  readonly mobileAsFixed: boolean;
  readonly others: readonly TypePattern[];
}

// What the runtime plan offers beyond its typed surface (libphonenumber-js's metadata.js).
interface RuntimePlan {
  possibleLengths(): number[];
  nationalNumberPattern?(): string;
  nationalPrefix?(): string | undefined;
  type?(t: string): { pattern(): string; possibleLengths(): number[] | undefined } | undefined;
}

/** Numbering plans by country, ready to check national numbers. */
export interface PlanBook {
  /** The number's type when `digits` (as written nationally) is a valid number of `country`; undefined when not. */
  nationalType(country: CountryCode, digits: string): NumberType;
}

/** Compiles the plans of `countries` from `metadata`. */
export function compilePlans(metadata: MetadataJson, countries: Iterable<CountryCode>): PlanBook {
  const plans = new Map<CountryCode, Plan | undefined>();
  const reader = new Metadata(metadata);
  for (const country of countries) {
    reader.selectNumberingPlan(country);
    plans.set(country, compile(reader.numberingPlan as unknown as RuntimePlan | undefined));
  }
  return {
    nationalType(country, digits) {
      const plan = plans.get(country);
      if (plan === undefined) {
        const phone = parsePhoneNumberFromString(digits, { defaultCountry: country, extract: false }, metadata);
        return phone?.isValid() ? phone.getType() ?? 'FIXED_LINE_OR_MOBILE' : undefined;
      }
      return typeOf(plan, digits) ?? (plan.prefix !== '' && digits.startsWith(plan.prefix) ? typeOf(plan, digits.slice(plan.prefix.length)) : undefined);
    },
  };
}

function compile(plan: RuntimePlan | undefined): Plan | undefined {
  if (!plan?.nationalNumberPattern || !plan.type || !plan.nationalPrefix) return undefined;
  const typePattern = (type: NonNullable<NumberType>): TypePattern | undefined => {
    const t = plan.type!(type);
    const source = t?.pattern();
    if (!t || !source) return undefined;
    const lengths = t.possibleLengths();
    return { type, lengths: lengths ? new Set(lengths) : undefined, pattern: entirely(source) };
  };
  const mobile = plan.type('MOBILE');
  return {
    prefix: plan.nationalPrefix() ?? '',
    lengths: new Set(plan.possibleLengths()),
    general: entirely(plan.nationalNumberPattern()),
    fixedLine: typePattern('FIXED_LINE'),
    mobileAsFixed: !mobile || mobile.pattern() === '',
    others: TYPES.flatMap((t) => typePattern(t) ?? []),
  };
}

/** As libphonenumber's getNumberType, over compiled patterns. */
function typeOf(plan: Plan, nsn: string): NumberType {
  if (!plan.lengths.has(nsn.length) || !plan.general.test(nsn)) return undefined;
  if (plan.fixedLine && matches(plan.fixedLine, nsn)) {
    const mobile = plan.others[0]?.type === 'MOBILE' ? plan.others[0] : undefined;
    return plan.mobileAsFixed || (mobile && matches(mobile, nsn)) ? 'FIXED_LINE_OR_MOBILE' : 'FIXED_LINE';
  }
  for (const t of plan.others) if (matches(t, nsn)) return t.type;
  return undefined;
}

function matches(t: TypePattern, nsn: string): boolean {
  return (t.lengths === undefined || t.lengths.has(nsn.length)) && t.pattern.test(nsn);
}

// Google's patterns, anchored as libphonenumber anchors them; they only ever see a run of at most 15 digits.
function entirely(source: string): RegExp {
  return new RegExp(`^(?:${source})$`);
}
