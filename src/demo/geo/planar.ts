// Planar polygon operations moved to the domain core; re-exported here for the demo generator.
export * from '../../domain/geo/planar';
