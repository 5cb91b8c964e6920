/**
 * A level of the group column that `measurementInvariance` and `comparePlsGroups` compare: a
 * string or a finite number, as the table reader reads the cell (a value tier, an RFM or k-means
 * segment, any column).
 */
export type GroupLevel = string | number;
