// The `customer-value/clv` entry: the customer-lifetime-value models (BG/NBD, MBG/NBD,
// Pareto/NBD, Gamma-Gamma, BG/BB, their covariate forms), their predictions, CLV and its
// intervals, parameter draws and model checks. Runtime-neutral like the root; an entry of its own
// so that the root stays small in a web app's bundle (issue 21).

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
