export { formatNumber, NOT_AVAILABLE, unitHeading } from '$core/format';
