export { calibrate, timeSplit, type CalibrationOptions, type CalibrationReport, type EvaluationBlock, type PeriodInfo, type Recommendation } from "./report";
export { fitParams, fitNonNegativeLogistic, type FitOptions, type FitResult, type ParamStatus } from "./fit";
export { createCalibrationScorer, paramsOf, riskOf, rowOf, type CalibrationRow, type ScoreParams, type UnlabelledRow } from "./rows";
export { aucDifference, aucEstimate, precisionEstimate, proportionEstimate, structuralComponents, type Estimate } from "./stats";
export { adoptParams, policyFragment, validateFragment, type AdoptResult } from "./policy-fragment";
export { formatCalibrationReport } from "./format";
