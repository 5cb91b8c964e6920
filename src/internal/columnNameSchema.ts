import * as z from 'zod/mini';

/** A column name in a spec (`zod/mini`): any non-empty string; whether the table has it is the reader's check. */
export const columnNameSchema = () => z.string().check(z.minLength(1));
