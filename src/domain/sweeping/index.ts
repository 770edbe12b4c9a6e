// Mechanised road sweeping (机械化清扫): road grades, sweeping methods and the rate against the plan's target.
export * from './rate';
