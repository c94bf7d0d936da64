/**
 * @pointfold/cli: the `pointfold` command and the parts it is made of, for programs that embed
 * them: the JSONL splitter, the history fold, the append-only JSONL file store, and the replay.
 */
export * from './store/jsonl';
export * from './store/history';
export * from './store/decoded';
export * from './store/file-store';
export * from './engine';
export * from './replay';
export * from './lookup';
export * from './balance';
export * from './entries';
export * from './verify';
export * from './explain';
export * from './cli';
export * from './exit-codes';
export * as limits from './limits';
export * from './serve';
