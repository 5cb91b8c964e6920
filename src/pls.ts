// The `customer-value/pls` entry: PLS path modelling (fit, assessment, bootstrap, PLSpredict,
// importance-performance map, impacts, the 0-100 index, group comparisons and measurement
// invariance). Runtime-neutral like the root; an entry of its own so that the root stays small in
// a web app's bundle (issue 21).

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
