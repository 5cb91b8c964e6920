/** A warning about the data: a code, a sentence, and the counts it rests on (JSON-safe). */
export interface TransactionWarning {
  /**
   * `refunds`: rows with a negative amount. `non_positive_revenue`: customers whose net spend is
   * ≤ 0. `duplicate_rows`: rows repeating an earlier row's customer, date (or timestamp) and
   * amount. `time_of_day`: dates carrying a time of day, whose calendar day depends on a time zone.
   * `short_calibration`: a window too short (or too few repeat buyers) for BG/NBD.
   */
  readonly code: 'refunds' | 'non_positive_revenue' | 'duplicate_rows' | 'time_of_day' | 'short_calibration';
  readonly message: string;
  readonly counts: Readonly<Record<string, number>>;
}
