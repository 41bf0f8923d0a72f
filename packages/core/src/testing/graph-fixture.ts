import { promises as fs } from 'node:fs';
import path from 'node:path';

const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');
const dims = (shape: number[]) => ({ dim: shape.map((size) => ({ size: String(size) })) });

export interface TinyGraphWeights {
  /** 3x3x3x2 conv kernel, HWIO. */
  kernel: Float32Array;
  /** 2x3 dense matrix. */
  dense: Float32Array;
}

/**
 * A hand-written TF.js GraphModel: x[?,size,size,3] -> Conv2D(3x3, 2 filters, SAME) -> Relu
 * -> Mean over H,W -> MatMul(2x3) -> Softmax. Small enough to check by hand.
 */
export async function writeTinyGraphModel(dir: string, size: number, weights: TinyGraphWeights): Promise<string> {
  await fs.mkdir(dir, { recursive: true });
  const floatAttr = { type: 'DT_FLOAT' };
  const nodes = [
    { name: 'x', op: 'Placeholder', attr: { shape: { shape: dims([-1, size, size, 3]) }, dtype: floatAttr } },
    { name: 'kernel', op: 'Const', attr: { value: { tensor: { dtype: 'DT_FLOAT', tensorShape: dims([3, 3, 3, 2]) } }, dtype: floatAttr } },
    { name: 'axes', op: 'Const', attr: { value: { tensor: { dtype: 'DT_INT32', tensorShape: dims([2]) } }, dtype: { type: 'DT_INT32' } } },
    { name: 'dense', op: 'Const', attr: { value: { tensor: { dtype: 'DT_FLOAT', tensorShape: dims([2, 3]) } }, dtype: floatAttr } },
    {
      name: 'conv',
      op: 'Conv2D',
      input: ['x', 'kernel'],
      attr: {
        T: floatAttr,
        strides: { list: { i: ['1', '1', '1', '1'] } },
        padding: { s: b64('SAME') },
        data_format: { s: b64('NHWC') },
        dilations: { list: { i: ['1', '1', '1', '1'] } },
      },
    },
    { name: 'relu', op: 'Relu', input: ['conv'], attr: { T: floatAttr } },
    { name: 'pool', op: 'Mean', input: ['relu', 'axes'], attr: { T: floatAttr, keep_dims: { b: false } } },
    { name: 'logits', op: 'MatMul', input: ['pool', 'dense'], attr: { T: floatAttr, transpose_a: { b: false }, transpose_b: { b: false } } },
    { name: 'probs', op: 'Softmax', input: ['logits'], attr: { T: floatAttr } },
  ];
  const axes = new Int32Array([1, 2]);
  const data = Buffer.concat([
    Buffer.from(weights.kernel.buffer, weights.kernel.byteOffset, weights.kernel.byteLength),
    Buffer.from(axes.buffer),
    Buffer.from(weights.dense.buffer, weights.dense.byteOffset, weights.dense.byteLength),
  ]);
  const json = {
    format: 'graph-model',
    generatedBy: 'lumen-test',
    convertedBy: 'hand',
    modelTopology: { node: nodes, library: {}, versions: { producer: 1 } },
    weightsManifest: [
      {
        paths: ['weights.bin'],
        weights: [
          { name: 'kernel', shape: [3, 3, 3, 2], dtype: 'float32' },
          { name: 'axes', shape: [2], dtype: 'int32' },
          { name: 'dense', shape: [2, 3], dtype: 'float32' },
        ],
      },
    ],
  };
  await fs.writeFile(path.join(dir, 'model.json'), JSON.stringify(json));
  await fs.writeFile(path.join(dir, 'weights.bin'), data);
  return dir;
}
