/** A line the reader or scorer could not use: kept, never dropped. */
export interface RejectedLine {
  /** 1-based line number in the input (the header is line 1). */
  readonly line: number;
  /** The line as read (without the line break). */
  readonly text: string;
  readonly reason: string;
}

/**
 * A batch of parsed rows from a streaming reader: numeric columns as `Float64Array` (a missing
 * value is NaN), others as the values read.
 */
export interface ColumnBatch {
  readonly columns: Record<string, Float64Array | readonly unknown[]>;
  readonly rowCount: number;
  /** Input line number of each row. */
  readonly lines: Int32Array;
  /** The input line of row `i` as read (decoded on demand, for reject files). */
  lineText(row: number): string;
  readonly rejects: readonly RejectedLine[];
  /** Column names in input order. */
  readonly names: readonly string[];
}
