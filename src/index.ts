// Public names of customer-value, grouped by domain. Runtime-neutral: no Node-only API here
// (file IO lives in `customer-value/node`).

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
export { fitPlsPathModel } from './satisfaction/pls/fitPlsPathModel.js';
export type { PlsConstruct, PlsPathModel } from './satisfaction/pls/fitPlsPathModel.js';
export type { PlsConstructSpec, PlsPathModelSpec } from './satisfaction/pls/plsPathModelSpec.js';
export { scorePlsPathModel } from './satisfaction/pls/scorePlsPathModel.js';
export type { PlsConstructScores } from './satisfaction/pls/scorePlsPathModel.js';
export { bootstrapPlsPathModel } from './satisfaction/pls/bootstrapPlsPathModel.js';
export type { BootstrapEstimate, BootstrapPlsOptions, BootstrapPlsResult, JackknifeSummary } from './satisfaction/pls/bootstrapPlsPathModel.js';
export type { AssessPlsBootstrapOptions, PlsAssessmentBootstrap, PlsHtmtBootstrap, PlsHtmtTest } from './satisfaction/pls/assessPlsBootstrap.js';
export { assessPlsPathModel } from './satisfaction/pls/assessPlsPathModel.js';
export { PLS_GUIDELINES } from './satisfaction/pls/plsGuidelines.js';
export type { PlsGuideline, PlsGuidelineName } from './satisfaction/pls/plsGuidelines.js';
export type {
  AssessPlsOptions,
  PlsAssessedValue,
  PlsAssessment,
  PlsHtmtAssessment,
  PlsCvpatAssessment,
  PlsIndicatorAssessment,
  PlsPredictAssessment,
  PlsPredictItemAssessment,
  PlsPredictivePower,
  PlsReliabilityAssessment,
} from './satisfaction/pls/assessPlsPathModel.js';
export { plsPredict } from './satisfaction/pls/plsPredict.js';
export type { CvpatComparison, CvpatTest, PlsPredictionError, PlsPredictItem, PlsPredictOptions, PlsPredictResult } from './satisfaction/pls/plsPredict.js';
export { satisfactionIndex100 } from './satisfaction/pls/satisfactionIndex100.js';
export type { SatisfactionIndex100Options, SatisfactionIndex100Result, SatisfactionIndexMeanInterval } from './satisfaction/pls/satisfactionIndex100.js';
export { importancePerformanceMap } from './satisfaction/pls/importancePerformanceMap.js';
export type {
  ImportancePerformanceBootstrap,
  ImportancePerformanceMapOptions,
  ImportancePerformanceMapResult,
  ImportancePerformancePoint,
} from './satisfaction/pls/importancePerformanceMap.js';
export { satisfactionIndexByGroup } from './satisfaction/pls/satisfactionIndexByGroup.js';
export type {
  ConstructIndexByGroup,
  IndexDifference,
  IndexEstimate,
  SatisfactionIndexByGroupOptions,
  SatisfactionIndexByGroupResult,
} from './satisfaction/pls/satisfactionIndexByGroup.js';
export { satisfactionImpacts } from './satisfaction/pls/satisfactionImpacts.js';
export type { SatisfactionImpact, SatisfactionImpactsOptions, SatisfactionImpactsResult } from './satisfaction/pls/satisfactionImpacts.js';
export { ECSI_MODEL } from './satisfaction/pls/ecsiModel.js';
export { measurementInvariance } from './satisfaction/pls/measurementInvariance.js';
export type {
  CompositeDifference,
  CompositionalInvariance,
  ConstructInvariance,
  MeasurementInvarianceOptions,
  MeasurementInvarianceResult,
} from './satisfaction/pls/measurementInvariance.js';
export { comparePlsGroups } from './satisfaction/pls/comparePlsGroups.js';
export type { ComparePlsGroupsOptions, ComparePlsGroupsResult, PathCorrection, PathGroupComparison } from './satisfaction/pls/comparePlsGroups.js';
export type { GroupLevel } from './satisfaction/pls/groupLevel.js';
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

// Loyalty: CLV models (BG/NBD, Gamma-Gamma, Pareto/NBD)
export { fitBetaGeo } from './loyalty/clv/fitBetaGeo.js';
export type { BetaGeoModel } from './loyalty/clv/fitBetaGeo.js';
export type { BetaGeoParams, BetaGeoSpec } from './loyalty/clv/betaGeoSpec.js';
export type { PurchaseSummaryColumns } from './loyalty/clv/purchaseSummary.js';
export { conditionalExpectedPurchases, expectedPurchases, probabilityAlive, purchaseProbability } from './loyalty/clv/betaGeoPredictions.js';
export type { CustomerPredictions } from './loyalty/clv/betaGeoPredictions.js';
export { fitBetaGeoWithCovariates } from './loyalty/clv/fitBetaGeoWithCovariates.js';
export type { BetaGeoCovariatesModel, CovariateCoefficients } from './loyalty/clv/fitBetaGeoWithCovariates.js';
export type { BetaGeoCovariatesSpec } from './loyalty/clv/betaGeoCovariatesSpec.js';
export type { FittedCovariate, StaticCovariateColumn, StaticCovariates } from './loyalty/clv/staticCovariatesSpec.js';
export { betaGeoCovariatePredictions } from './loyalty/clv/betaGeoCovariatePredictions.js';
export type { BetaGeoCovariatePredictions } from './loyalty/clv/betaGeoCovariatePredictions.js';
export { fitParetoNbdWithCovariates } from './loyalty/clv/fitParetoNbdWithCovariates.js';
export type { ParetoNbdCovariatesModel } from './loyalty/clv/fitParetoNbdWithCovariates.js';
export type { ParetoNbdCovariatesSpec } from './loyalty/clv/paretoNbdCovariatesSpec.js';
export { paretoNbdCovariatePredictions } from './loyalty/clv/paretoNbdCovariatePredictions.js';
export type { CovariatePurchasePredictions } from './loyalty/clv/covariateHistoryPredictions.js';
export { newCustomerExpectedPurchases } from './loyalty/clv/newCustomerExpectedPurchases.js';
export { repeatPurchaseTracking } from './loyalty/clv/repeatPurchaseTracking.js';
export type { RepeatPurchaseTrackingOfLog, RepeatPurchaseTrackingSpec } from './loyalty/clv/repeatPurchaseTracking.js';
export { repeatPurchaseTrackingFromCounts } from './loyalty/clv/repeatPurchaseTrackingFromCounts.js';
export type { RepeatPurchaseTracking, RepeatPurchaseTrackingCountsSpec } from './loyalty/clv/repeatPurchaseTrackingFromCounts.js';
export { repeatPurchaseDistribution } from './loyalty/clv/repeatPurchaseDistribution.js';
export type { RepeatPurchaseDistribution, RepeatPurchaseDistributionSpec } from './loyalty/clv/repeatPurchaseDistribution.js';
export { holdoutByFrequency } from './loyalty/clv/holdoutByFrequency.js';
export type { HoldoutByFrequency, HoldoutByFrequencySpec } from './loyalty/clv/holdoutByFrequency.js';
export type { RepeatBuyingModel } from './loyalty/clv/repeatBuyingOf.js';
export type { RepeatBuyingHistoryColumns } from './loyalty/clv/repeatBuyingHistories.js';
export { conditionalPurchaseProbability } from './loyalty/clv/conditionalPurchaseProbability.js';
export type { ConditionalPurchaseProbabilityOptions } from './loyalty/clv/conditionalPurchaseProbability.js';
export { purchaseCountPredictionIntervals } from './loyalty/clv/purchaseCountPredictionIntervals.js';
export type {
  PurchaseCountPredictionIntervals,
  PurchaseCountPredictionIntervalsOptions,
  PurchaseCountTotal,
} from './loyalty/clv/purchaseCountPredictionIntervals.js';
export { calibrationHoldout } from './loyalty/clv/calibrationHoldout.js';
export type { CalibrationHoldout, CalibrationHoldoutSpec } from './loyalty/clv/calibrationHoldout.js';
export { compareModels } from './loyalty/clv/compareModels.js';
export type { CompareModelsOptions, LikelihoodRatioTest, ModelComparison } from './loyalty/clv/compareModels.js';
export { clvRanking } from './loyalty/clv/clvRanking.js';
export type { ClvRanking, ClvRankingOptions } from './loyalty/clv/clvRanking.js';
export { frequencyRecencyMatrix } from './loyalty/clv/frequencyRecencyMatrix.js';
export type { FrequencyRecencyMatrix, FrequencyRecencyMatrixSpec } from './loyalty/clv/frequencyRecencyMatrix.js';
export { probabilityAliveHistory } from './loyalty/clv/probabilityAliveHistory.js';
export type { ProbabilityAliveHistory, ProbabilityAliveHistorySpec } from './loyalty/clv/probabilityAliveHistory.js';
export { purchaseHeterogeneity } from './loyalty/clv/purchaseHeterogeneity.js';
export type { MixingDistribution, PurchaseHeterogeneity, PurchaseHeterogeneityOptions } from './loyalty/clv/purchaseHeterogeneity.js';
export { fitGammaGamma } from './loyalty/clv/fitGammaGamma.js';
export type { GammaGammaModel, GammaGammaParams } from './loyalty/clv/fitGammaGamma.js';
export type { GammaGammaSpec } from './loyalty/clv/gammaGammaSpec.js';
export { conditionalExpectedSpend } from './loyalty/clv/conditionalExpectedSpend.js';
export { fitGammaGammaWithCovariates } from './loyalty/clv/fitGammaGammaWithCovariates.js';
export type { GammaGammaCovariatesModel } from './loyalty/clv/fitGammaGammaWithCovariates.js';
export type { GammaGammaCovariates, GammaGammaCovariatesSpec } from './loyalty/clv/gammaGammaCovariatesSpec.js';
export { conditionalExpectedSpendWithCovariates } from './loyalty/clv/conditionalExpectedSpendWithCovariates.js';
export { newCustomerExpectedSpend } from './loyalty/clv/newCustomerExpectedSpend.js';
export { customerLifetimeValue } from './loyalty/clv/customerLifetimeValue.js';
export { discountedExpectedTransactions } from './loyalty/clv/discountedExpectedTransactions.js';
export { clvParameterDraws } from './loyalty/clv/clvParameterDraws.js';
export { clvModelAtDraw } from './loyalty/clv/clvModelAtDraw.js';
export type { ClvParameterDraws, ClvParameterDrawsOptions, ParameterDrawSummary } from './loyalty/clv/clvParameterDraws.js';
export type { UncertainClvModel } from './loyalty/clv/parameterUncertaintyProblems.js';
export { clvConfidenceIntervals } from './loyalty/clv/clvConfidenceIntervals.js';
export type {
  ClvConfidenceIntervals,
  ClvConfidenceIntervalsArgs,
  ClvIntervalsPurchaseModel,
  CustomerIntervalColumns,
  TotalInterval,
  TotalOverTime,
  TotalsOverTime,
} from './loyalty/clv/clvConfidenceIntervals.js';
export type {
  DiscountedExpectedTransactionsOptions,
  DiscountedExpectedTransactionsResult,
  DiscountedExpectedTransactionsUnits,
} from './loyalty/clv/discountedExpectedTransactions.js';
export type {
  CustomerLifetimeValueArgs,
  CustomerLifetimeValueResult,
  CustomerLifetimeValueUnits,
  CustomerLifetimeValueCashFlows,
  CashFlowSeries,
} from './loyalty/clv/customerLifetimeValue.js';
export { fitParetoNbd } from './loyalty/clv/fitParetoNbd.js';
export type { ParetoNbdModel, ParetoNbdStandardErrors } from './loyalty/clv/fitParetoNbd.js';
export type { ParetoNbdHeldShape } from './loyalty/clv/paretoNbdOptimum.js';
export type { ParetoNbdParams, ParetoNbdSpec } from './loyalty/clv/paretoNbdSpec.js';
export {
  paretoNbdConditionalExpectedPurchases,
  paretoNbdDiscountedResidualTransactions,
  paretoNbdExpectedPurchases,
  paretoNbdProbabilityAlive,
  paretoNbdPurchaseProbability,
} from './loyalty/clv/paretoNbdPredictions.js';
export type { ParetoNbdDiscountOptions } from './loyalty/clv/paretoNbdPredictions.js';
export { fitModifiedBetaGeo } from './loyalty/clv/fitModifiedBetaGeo.js';
export type { ModifiedBetaGeoModel } from './loyalty/clv/fitModifiedBetaGeo.js';
export type { ModifiedBetaGeoParams, ModifiedBetaGeoSpec } from './loyalty/clv/modifiedBetaGeoSpec.js';
export {
  modifiedBetaGeoConditionalExpectedPurchases,
  modifiedBetaGeoExpectedPurchases,
  modifiedBetaGeoProbabilityAlive,
  modifiedBetaGeoPurchaseProbability,
} from './loyalty/clv/modifiedBetaGeoPredictions.js';

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

// Warehouse: SQL that summarizes in the engine
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
export { itemMoments } from './satisfaction/itemMoments.js';
export type { ItemMoments, ItemMomentsSpec } from './satisfaction/itemMoments.js';
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
export type { ValuePyramidStatistics } from './value/valuePyramidStatistics.js';
export type { RfmStatistics, RfmDimensionStatistics } from './value/rfmStatistics.js';
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
// Discrete-time noncontractual CLV: BG/BB (issue 18)
export { fitBetaGeoBetaBinomial } from './loyalty/clv/fitBetaGeoBetaBinomial.js';
export type { BetaGeoBetaBinomialModel, BetaGeoBetaBinomialParams } from './loyalty/clv/fitBetaGeoBetaBinomial.js';
export type { BetaGeoBetaBinomialSpec, DiscreteHistoryColumns } from './loyalty/clv/betaGeoBetaBinomialSpec.js';
export { betaGeoBetaBinomialPredictions } from './loyalty/clv/betaGeoBetaBinomialPredictions.js';
export type { BetaGeoBetaBinomialPredictionOptions, BetaGeoBetaBinomialPredictions } from './loyalty/clv/betaGeoBetaBinomialPredictions.js';
export { betaGeoBetaBinomialExpectedTransactions } from './loyalty/clv/betaGeoBetaBinomialExpectedTransactions.js';
export { betaGeoBetaBinomialTransactionProbability } from './loyalty/clv/betaGeoBetaBinomialTransactionProbability.js';
export { fitBetaGeoBetaBinomialWithCovariates } from './loyalty/clv/fitBetaGeoBetaBinomialWithCovariates.js';
export type { BetaGeoBetaBinomialCovariatesModel } from './loyalty/clv/fitBetaGeoBetaBinomialWithCovariates.js';
export type { BetaGeoBetaBinomialCovariatesSpec } from './loyalty/clv/betaGeoBetaBinomialCovariatesSpec.js';
export { betaGeoBetaBinomialCovariatePredictions } from './loyalty/clv/betaGeoBetaBinomialCovariatePredictions.js';
export type { BetaGeoBetaBinomialCovariatePredictions } from './loyalty/clv/betaGeoBetaBinomialCovariatePredictions.js';
