// Public names of customer-value, grouped by domain. Runtime-neutral: no Node-only API here
// (file IO lives in `customer-value/node`). The CLV models, PLS path modelling and the warehouse
// functions have entries of their own (`customer-value/clv`, `customer-value/pls`,
// `customer-value/warehouse`), so that a web app importing this entry whole stays small (issue 21).

// Errors
export { CustomerValueError } from './errors.js';
export type { CustomerValueErrorCode, CustomerValueIssue } from './errors.js';

// Data in and out
export { toColumns } from './io/toColumns.js';
export type { NumericColumns } from './io/toColumns.js';
export { parseCsv } from './io/parseCsv.js';
export type { CsvColumns, ParseCsvOptions } from './io/parseCsv.js';
export { toIsoDate } from './io/toIsoDate.js';
export { toIsoDates, DATE_FORMATS } from './io/toIsoDates.js';
export type { DateFormat, ToIsoDatesOptions } from './io/toIsoDates.js';
export type { ArqueroLikeTable, ArrowLikeTable, ColumnTable, NumericArray, RowObject, TableInput } from './io/tableInput.js';
export type { Listwise, MissingAnswers, MissingValues, StreamMissingValues } from './io/missingValues.js';
export type { TimeUnit } from './value/timeUnit.js';

// Value: transaction summaries, RFM, value pyramid
export { summarizeTransactions } from './value/summarizeTransactions.js';
export type { CustomerHoldout, CustomerSummary, SummarizeTransactionsSpec } from './value/summarizeTransactions.js';
export type { TransactionWarning } from './value/transactionWarning.js';
export { fitRfm } from './value/fitRfm.js';
export type { RfmModel } from './value/fitRfm.js';
export type { RfmSpec } from './value/rfmSpec.js';
export { scoreRfm } from './value/scoreRfm.js';
export type { RfmScores } from './value/scoreRfm.js';
export { fitValuePyramid } from './value/fitValuePyramid.js';
export type { ValuePyramidModel } from './value/fitValuePyramid.js';
export type { TierCut, ValueDimensionSpec, ValuePyramidSpec } from './value/valuePyramidSpec.js';
export { scoreValuePyramid } from './value/scoreValuePyramid.js';
export type { ValuePyramidScores } from './value/scoreValuePyramid.js';
export { tierSummary } from './value/tierSummary.js';
export type { TierSummaryOptions, TierSummaryResult, TierSummaryRow } from './value/tierSummary.js';
export { costToServe } from './value/costToServe.js';
export type { CostToServeResult, CostToServeSpec, StageCost } from './value/costToServe.js';
export { realizedProfit } from './value/realizedProfit.js';
export type { RealizedProfitResult, RealizedProfitSpec } from './value/realizedProfit.js';

// Satisfaction: PCA-weighted index, reliability, gaps, key drivers
export { fitSatisfactionIndex } from './satisfaction/fitSatisfactionIndex.js';
export type { SatisfactionDimension, SatisfactionIndexModel } from './satisfaction/fitSatisfactionIndex.js';
export type { SatisfactionIndexSpec } from './satisfaction/satisfactionIndexSpec.js';
export type { ComponentWeights, VarianceRow } from './satisfaction/componentWeights.js';
export { scoreSatisfactionIndex } from './satisfaction/scoreSatisfactionIndex.js';
export type { SatisfactionIndexScores } from './satisfaction/scoreSatisfactionIndex.js';
export { varimax } from './satisfaction/varimax.js';
export type { VarimaxResult } from './satisfaction/varimax.js';
export { cronbachAlpha } from './satisfaction/cronbachAlpha.js';
export type { AlphaIfDeleted, CronbachAlphaResult } from './satisfaction/cronbachAlpha.js';
export { kmo } from './satisfaction/kmo.js';
export type { KmoResult } from './satisfaction/kmo.js';
export { bartlettSphericity } from './satisfaction/bartlettSphericity.js';
export type { BartlettResult } from './satisfaction/bartlettSphericity.js';
export { fromSurveyJs } from './satisfaction/fromSurveyJs.js';
export type { FromSurveyJsOptions, SurveyJsColumn, SurveyJsItems, SurveyJsSkipped } from './satisfaction/fromSurveyJs.js';
export { expectationGap } from './satisfaction/expectationGap.js';
export type { ExpectationGapPair, ExpectationGapResult, ExpectationGapSpec } from './satisfaction/expectationGap.js';
export { importancePerformance, QUADRANT_LABELS } from './satisfaction/importancePerformance.js';
export type {
  ImportancePerformanceItem,
  ImportancePerformanceQuadrant,
  ImportancePerformanceResult,
  ImportancePerformanceSpec,
} from './satisfaction/importancePerformance.js';
export { overallMismatch } from './satisfaction/overallMismatch.js';
export type { OverallMismatchOptions, OverallMismatchResult } from './satisfaction/overallMismatch.js';

// Loyalty and retention
export { cohortRetention } from './loyalty/cohortRetention.js';
export type { ActivitySpec, CohortRetentionResult } from './loyalty/cohortRetention.js';
export type { PartialPeriod } from './loyalty/readActivity.js';
export type { CalendarPeriod } from './loyalty/calendarPeriods.js';
export { customerFlows } from './loyalty/customerFlows.js';
export type { CustomerFlow, CustomerFlowsResult } from './loyalty/customerFlows.js';
export { churnRate, retentionRate } from './loyalty/retentionRate.js';
export type { PeriodRate } from './loyalty/retentionRate.js';
export { kaplanMeier } from './loyalty/kaplanMeier.js';
export type { KaplanMeierResult } from './loyalty/kaplanMeier.js';
export { activeLifetimes } from './loyalty/activeLifetimes.js';
export type { ActiveLifetimesResult } from './loyalty/activeLifetimes.js';
export { repeatPurchaseRate } from './loyalty/repeatPurchaseRate.js';
export type { RepeatPurchaseRateResult } from './loyalty/repeatPurchaseRate.js';
export { purchaseFrequencyDistribution } from './loyalty/purchaseFrequencyDistribution.js';
export type { FrequencyBucket } from './loyalty/purchaseFrequencyDistribution.js';
export { shareOfWallet } from './loyalty/shareOfWallet.js';
export type { ShareOfWalletResult } from './loyalty/shareOfWallet.js';
export { netPromoterScore } from './loyalty/netPromoterScore.js';
export type { NetPromoterScoreResult } from './loyalty/netPromoterScore.js';
export { csat } from './loyalty/csat.js';
export type { CsatResult } from './loyalty/csat.js';
export { loyaltyMatrix } from './loyalty/loyaltyMatrix.js';
export type { LoyaltyMatrixResult, LoyaltyMatrixSpec, LoyaltyQuadrant } from './loyalty/loyaltyMatrix.js';
export { productHoldingChurn } from './loyalty/productHoldingChurn.js';
export type { ProductHoldingChurnResult, ProductHoldingRow } from './loyalty/productHoldingChurn.js';
export { lifecycleStages } from './loyalty/lifecycleStages.js';
export type { LifecycleStage, LifecycleStagesResult, LifecycleStagesSpec } from './loyalty/lifecycleStages.js';

// Experience: peak-end journey scoring
export { peakEndScores } from './experience/peakEndScores.js';
export type { PeakEndResult, PeakEndSpec } from './experience/peakEndScores.js';
export { endEffect } from './experience/endEffect.js';
export type { EndEffectResult } from './experience/endEffect.js';
export { touchpointSummary } from './experience/touchpointSummary.js';
export type { TouchpointLine, TouchpointSummaryResult } from './experience/touchpointSummary.js';

// Segmentation
export { fitSegments } from './segmentation/fitSegments.js';
export type { SegmentProfile, SegmentsModel } from './segmentation/fitSegments.js';
export type { SegmentsSpec } from './segmentation/segmentsSpec.js';
export { scoreSegments } from './segmentation/scoreSegments.js';
export type { SegmentScores } from './segmentation/scoreSegments.js';
export { chooseK } from './segmentation/chooseK.js';
export type { ChooseKResult, ChooseKSpec } from './segmentation/chooseK.js';
export { adjustedRandIndex } from './segmentation/adjustedRandIndex.js';
export { DEFAULT_RFM_SEGMENT_RULES, rfmSegments } from './segmentation/rfmSegments.js';
export type { RfmSegmentRule, RfmSegmentsResult } from './segmentation/rfmSegments.js';
export { valueSatisfactionMap } from './segmentation/valueSatisfactionMap.js';
export type { ValueSatisfactionMapResult, ValueSatisfactionMapSpec, ValueSatisfactionQuadrant } from './segmentation/valueSatisfactionMap.js';

// Scoring: compiled scorers
export { compileScorer } from './scoring/compileScorer.js';
export type { CompiledScorer, OutputType, ScorerKernelSpec, ScorerModels, ScorerOutput } from './scoring/compileScorer.js';
export type { InputRange, InputRelation } from './scoring/inputRange.js';
export { scoreColumns } from './scoring/scoreColumns.js';
export type { ScoreColumnsOptions, ScoreColumnsResult, ScorerOutputArrays } from './scoring/scoreColumns.js';
export { scorerColumns } from './scoring/scorerColumns.js';
export type { ScorerColumns } from './scoring/scorerColumns.js';
export { toSql } from './scoring/toSql.js';
export type { SqlDialect, ToSqlOptions } from './scoring/toSql.js';

// Building blocks the warehouse functions share with the root: survey item moments, and the
// statistics a value pyramid or RFM model is fitted from
export { itemMoments } from './satisfaction/itemMoments.js';
export type { ItemMoments, ItemMomentsSpec } from './satisfaction/itemMoments.js';
export type { ValuePyramidStatistics } from './value/valuePyramidStatistics.js';
export type { RfmStatistics, RfmDimensionStatistics } from './value/rfmStatistics.js';

// Models
export { parseModel } from './model/parseModel.js';
export type { CustomerValueModel } from './model/parseModel.js';
export type { ModelFit } from './model/modelFit.js';

// Types that appear inside models and results
export type { RfmDimension } from './value/rfmSpec.js';
export type { FeatureScaling } from './segmentation/featureScaling.js';
export type { DimensionScaling } from './value/valuePyramidSpec.js';

// Contractual retention: sBG (issue 18)
export { fitShiftedBetaGeometric } from './loyalty/retention/fitShiftedBetaGeometric.js';
export type { DiscreteFitDiagnostics, ShiftedBetaGeometricModel, ShiftedBetaGeometricParams } from './loyalty/retention/fitShiftedBetaGeometric.js';
export type { CohortSurvivorsColumns, RetentionPeriodUnit, ShiftedBetaGeometricSpec } from './loyalty/retention/cohortSurvivorsSpec.js';
export type { ContractualRetentionModel } from './loyalty/retention/contractualSurvival.js';
export { retentionCurve } from './loyalty/retention/retentionCurve.js';
export type { RetentionCurve, RetentionCurveOptions, RetentionCashFlows } from './loyalty/retention/retentionCurve.js';
export { discountedExpectedResidualLifetime } from './loyalty/retention/discountedExpectedResidualLifetime.js';
export type { ResidualLifetime } from './loyalty/retention/discountedExpectedResidualLifetime.js';
export type { ResidualLifetimeOptions } from './loyalty/retention/residualLifetimeSums.js';
export { retentionElasticity } from './loyalty/retention/retentionElasticity.js';
export type { RetentionElasticity } from './loyalty/retention/retentionElasticity.js';
// Contractual retention: beta-discrete-Weibull (issue 18)
export { fitBetaDiscreteWeibull } from './loyalty/retention/fitBetaDiscreteWeibull.js';
export type { BetaDiscreteWeibullModel, BetaDiscreteWeibullParams, NestedShiftedBetaGeometric } from './loyalty/retention/fitBetaDiscreteWeibull.js';
export type { BetaDiscreteWeibullSpec } from './loyalty/retention/betaDiscreteWeibullSpec.js';
