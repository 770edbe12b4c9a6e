// The lattice cutter moved to the domain core (grid generation for real districts uses it too); re-exported here.
export * from '../../domain/geo/lattice';
