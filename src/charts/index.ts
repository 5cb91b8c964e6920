// customer-value/charts: standalone SVG strings for the library's results. No browser, canvas or
// DOM: every function returns a complete, deterministic SVG document.
export { escapeXml } from './svgFrame.js';
export type { ChartLabels } from './svgFrame.js';
export { valuePyramidSvg } from './valuePyramidSvg.js';
export type { PyramidTierShares } from './valuePyramidSvg.js';
export { cohortRetentionSvg } from './cohortRetentionSvg.js';
export type { CohortRetentionCells } from './cohortRetentionSvg.js';
export { survivalCurveSvg } from './survivalCurveSvg.js';
export type { SurvivalCurve } from './survivalCurveSvg.js';
export { segmentProfileSvg } from './segmentProfileSvg.js';
export type { SegmentProfiles } from './segmentProfileSvg.js';
export { importancePerformanceSvg } from './importancePerformanceSvg.js';
export type { ImportancePerformancePoints, ImportancePerformanceQuadrant } from './importancePerformanceSvg.js';
export { plsPathDiagramSvg } from './plsPathDiagramSvg.js';
export type { PlsPathDiagramModel } from './plsPathDiagramSvg.js';
