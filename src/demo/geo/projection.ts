// The local metric projection moved to the domain core; re-exported here for the demo generator.
export * from '../../domain/geo/local-projection';
