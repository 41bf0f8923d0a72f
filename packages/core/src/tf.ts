/**
 * The one TensorFlow.js instance Lumen uses. Plugins import `tf` from `@lumen/core`
 * (never their own copy of tfjs) so that tensors, the tape and the backend are shared.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import * as tfconv from '@tensorflow/tfjs-converter';
import '@tensorflow/tfjs-backend-cpu';

export { tf, tfl, tfconv };
