// Type declarations for the untyped packages the base data, tiles and tests use.
declare module 'shpjs' {
  type Input = ArrayBuffer | Uint8Array | { shp: Uint8Array | ArrayBuffer; dbf?: Uint8Array | ArrayBuffer; cpg?: string; prj?: string };
  const shp: (input: Input) => Promise<unknown>;
  export default shp;
}
declare module 'vt-pbf' {
  const vtpbf: {
    fromGeojsonVt(layers: Record<string, unknown>, options?: { version?: number; extent?: number }): Uint8Array;
  };
  export default vtpbf;
}
