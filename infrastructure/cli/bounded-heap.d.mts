/** Types of bounded-heap.mjs (plain JavaScript: bin.mjs reads it before the TypeScript loader starts). */
export declare const BATCH_HEAP_FLAGS: readonly string[];
export declare const BOUNDED_HEAP_ENV: string;
export declare function isBatchCommand(args: readonly string[]): boolean;
export declare function heapChosen(execArgv: readonly string[], nodeOptions?: string): boolean;
