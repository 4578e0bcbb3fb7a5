// picomatch 4 ships no types; only what ignore-rules.ts uses is declared.
declare module 'picomatch' {
  interface PicomatchOptions {
    dot?: boolean;
    nocase?: boolean;
    noglobstar?: boolean;
    basename?: boolean;
    literalBrackets?: boolean;
  }
  interface ScanResult {
    isGlob: boolean;
    base: string;
    glob: string;
  }
  interface Picomatch {
    (glob: string | string[], options?: PicomatchOptions): (path: string) => boolean;
    scan(input: string, options?: PicomatchOptions): ScanResult;
  }
  const picomatch: Picomatch;
  export default picomatch;
}
