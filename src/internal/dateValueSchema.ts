import * as z from 'zod/mini';

/** What a door that takes a date expects, in its error's `expected` (the schema's and the date check's). */
export const DATE_VALUE_EXPECTED = "a date: a Date, 'YYYY-MM-DD' or a YYYYMMDD integer";

/**
 * A date as a spec gives it (`observationEnd`, `calibrationEnd`, …): a `Date`, non-empty text
 * (read later, where an impossible date is refused with `DATE_VALUE_EXPECTED`) or a number
 * (YYYYMMDD, or days since 1970-01-01 as the readers take it). A value of none of these is refused
 * naming the forms, not with zod's "invalid input" of a union. In zod/mini; a classic object takes
 * it as a field.
 */
export const dateValueSchema = () => z.union([z.date(), z.string().check(z.minLength(1)), z.number()], { error: DATE_VALUE_EXPECTED });
