/** The models layer's Node-only part: checkpoints on disk. */
export {
  checkpointBase,
  readCheckpoint,
  saveCheckpoint,
  type CheckpointContent,
  type CheckpointMetadata,
} from './checkpoint.js';
