// The `customer-value/warehouse` entry: SQL builders and the functions that fit and score in a
// warehouse engine (DuckDB, Postgres or any `WarehouseEngine`), summarizing there and fitting on
// the summaries. Runtime-neutral like the root (the engine adapters are `customer-value/duckdb`
// and `customer-value/postgres`); an entry of its own so that the root stays small in a web app's
// bundle (issue 21).

export { summarizeTransactionsSql } from './warehouse/summarizeTransactionsSql.js';
export type { SummarizeTransactionsSqlSpec, WarehouseSqlOptions } from './warehouse/summarizeTransactionsSql.js';
export { betaGeoHistogramSql } from './warehouse/betaGeoHistogramSql.js';
export { gammaGammaHistogramSql } from './warehouse/gammaGammaHistogramSql.js';
export type { WarehouseColumns, WarehouseEngine, WarehouseResult, WarehouseRow } from './warehouse/warehouseEngine.js';
export { fitClvInWarehouse } from './warehouse/fitClvInWarehouse.js';
export type {
  ClvInWarehouse,
  FitClvFromSummarySpec,
  FitClvInWarehouseOptions,
  FitClvInWarehouseSpec,
  InWarehouseOptions,
} from './warehouse/fitClvInWarehouse.js';
export type { WarehouseProgress } from './warehouse/warehouseProgress.js';
export { surveyItemMomentsSql } from './warehouse/surveyItemMomentsSql.js';
export type { SurveyItemMomentsSqlSpec } from './warehouse/surveyItemMomentsSql.js';
export { itemMomentsInWarehouse } from './warehouse/itemMomentsInWarehouse.js';
export { fitSegmentsInWarehouse } from './warehouse/fitSegmentsInWarehouse.js';
export type { FitSegmentsInWarehouseOptions } from './warehouse/fitSegmentsInWarehouse.js';
export { betaGeoScoreLookup } from './warehouse/betaGeoScoreLookup.js';
export type { BetaGeoScoreLookup, BetaGeoScoreLookupArgs, BetaGeoScoreLookupColumns } from './warehouse/betaGeoScoreLookup.js';
export { betaGeoScoresSql } from './warehouse/betaGeoScoresSql.js';
export type { BetaGeoScoresSqlFromSummarySpec, BetaGeoScoresSqlOptions, BetaGeoScoresSqlSpec } from './warehouse/betaGeoScoresSql.js';
export { betaGeoScoresInWarehouse } from './warehouse/betaGeoScoresInWarehouse.js';
export type {
  BetaGeoScoresFromSummarySpec,
  BetaGeoScoresInWarehouseOptions,
  BetaGeoScoresInWarehouseResult,
  BetaGeoScoresInWarehouseSpec,
  BetaGeoScoresModels,
  BetaGeoScoresSettings,
} from './warehouse/betaGeoScoresInWarehouse.js';
export { valuePyramidStatisticsInWarehouse } from './warehouse/valuePyramidStatisticsInWarehouse.js';
export { rfmStatisticsInWarehouse } from './warehouse/rfmStatisticsInWarehouse.js';
export type { WarehouseTableOptions } from './warehouse/warehouseTableOptions.js';
export { cohortRetentionSql } from './warehouse/cohortRetentionSql.js';
export type { ActivitySqlSpec } from './warehouse/cohortRetentionSql.js';
export { cohortRetentionInWarehouse } from './warehouse/cohortRetentionInWarehouse.js';
export { customerFlowsSql } from './warehouse/customerFlowsSql.js';
export { customerFlowsInWarehouse } from './warehouse/customerFlowsInWarehouse.js';
export { activeLifetimesSql } from './warehouse/activeLifetimesSql.js';
export type { ActiveLifetimesSqlSpec } from './warehouse/activeLifetimesSql.js';
export { activeLifetimesInWarehouse } from './warehouse/activeLifetimesInWarehouse.js';
export { fitInWarehouse } from './warehouse/fitInWarehouse.js';
export type { FitInWarehouseOptions, FitInWarehouseResult } from './warehouse/fitInWarehouse.js';
export type { ActiveLifetimesInWarehouse } from './warehouse/activeLifetimesInWarehouse.js';
