/** Options of the engine statistics functions (`valuePyramidStatisticsInWarehouse`, `rfmStatisticsInWarehouse`): where the customer table is. */
export interface WarehouseTableOptions {
  /** The customer table (one row per customer): a name, or its parts (`['crm', 'customers']`). */
  readonly table: string | readonly string[];
}
