// customer-value/charts: standalone SVG strings for the library's results (no browser, canvas or
// DOM: complete, deterministic SVG documents), and each chart as a Vega-Lite spec for
// interactive use.
export { escapeXml } from './svgFrame.js';
export type { ChartLabels } from './svgFrame.js';
export { valuePyramidSvg, valuePyramidVegaLite } from './valuePyramidSvg.js';
export type { PyramidTierShares } from './valuePyramidSvg.js';
export { cohortRetentionSvg, cohortRetentionVegaLite } from './cohortRetentionSvg.js';
export type { CohortRetentionCells } from './cohortRetentionSvg.js';
export { survivalCurveSvg, survivalCurveVegaLite } from './survivalCurveSvg.js';
export type { SurvivalCurve } from './survivalCurveSvg.js';
export { segmentProfileSvg, segmentProfileVegaLite } from './segmentProfileSvg.js';
export type { SegmentProfiles } from './segmentProfileSvg.js';
export { importancePerformanceSvg, importancePerformanceVegaLite } from './importancePerformanceSvg.js';
export type { ImportancePerformancePoints, ImportancePerformanceQuadrant } from './importancePerformanceSvg.js';
export { plsPathDiagramSvg, plsPathDiagramVegaLite } from './plsPathDiagramSvg.js';
export type { PlsPathDiagramModel } from './plsPathDiagramSvg.js';
export { rfmHeatmapSvg, rfmHeatmapVegaLite } from './rfmHeatmapSvg.js';
export type { RfmScoreColumns } from './rfmHeatmapSvg.js';
export { clvDistributionSvg, clvDistributionVegaLite } from './clvDistributionSvg.js';
export { journeyTimelineSvg, journeyTimelineVegaLite } from './journeyTimelineSvg.js';
export type { JourneySteps } from './journeyTimelineSvg.js';
export { repeatPurchaseTrackingSvg, repeatPurchaseTrackingVegaLite } from './repeatPurchaseTrackingSvg.js';
export type { RepeatPurchaseTrackingLabels, RepeatPurchaseTrackingSeries } from './repeatPurchaseTrackingSvg.js';
export { clvDecileCalibrationSvg, clvDecileCalibrationVegaLite } from './clvDecileCalibrationSvg.js';
export type { ClvDecileCalibrationInput, ClvDecileCalibrationLabels } from './clvDecileCalibrationSvg.js';
export { frequencyRecencyMatrixSvg, frequencyRecencyMatrixVegaLite } from './frequencyRecencyMatrixSvg.js';
export type { FrequencyRecencyCells, FrequencyRecencyLabels } from './frequencyRecencyMatrixSvg.js';
export { probabilityAliveHistorySvg, probabilityAliveHistoryVegaLite } from './probabilityAliveHistorySvg.js';
export type { ProbabilityAliveHistoryLabels, ProbabilityAliveSeries } from './probabilityAliveHistorySvg.js';
export { purchaseHeterogeneitySvg, purchaseHeterogeneityVegaLite } from './purchaseHeterogeneitySvg.js';
export type { HeterogeneityCurves, MixingCurve } from './purchaseHeterogeneitySvg.js';
export { repeatPurchaseDistributionSvg, repeatPurchaseDistributionVegaLite } from './repeatPurchaseDistributionSvg.js';
export type { FrequencyDistribution } from './repeatPurchaseDistributionSvg.js';
export { holdoutByFrequencySvg, holdoutByFrequencyVegaLite } from './holdoutByFrequencySvg.js';
export type { HoldoutBins, HoldoutByFrequencyLabels } from './holdoutByFrequencySvg.js';
export type { VegaLiteSpec } from './vegaLiteSpec.js';
