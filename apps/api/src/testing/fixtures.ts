import { promises as fs } from 'node:fs';
import path from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { encodePng, initBackend } from '@lumen/core';
import { makeTempDir, tinyCnn, writeLayersModel } from '@lumen/core/testing';
import type { UploadedFile } from './api-client.ts';

export interface TinyModelOptions {
  size?: number;
  classes?: number;
  seed?: number;
}

let backendReady: Promise<unknown> | undefined;

/**
 * The files of a small TF.js LayersModel (tinyCnn: conv1 -> pool1 -> last_conv -> gap ->
 * predictions) with a sidecar naming its classes, as a team would upload them.
 */
export async function tinyModelFiles({
  size = 16,
  classes = 3,
  seed = 1,
}: TinyModelOptions = {}): Promise<UploadedFile[]> {
  backendReady ??= initBackend({ prefer: 'cpu', env: {} });
  await backendReady;
  const dir = await makeTempDir('lumen-api-model-');
  try {
    const model = tinyCnn({ size, classes, seed });
    const classNames = Array.from({ length: classes }, (_, i) => `class-${i}`);
    await writeLayersModel(model, dir, { classNames, input: { preprocess: { mode: 'tf' } } });
    model.dispose();
    const names = (await fs.readdir(dir)).sort();
    return Promise.all(
      names.map(async (name) => ({
        name,
        bytes: new Uint8Array(await fs.readFile(path.join(dir, name))),
      })),
    );
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

export const SHARD_NAME = 'group1-shard1of1.bin';

/** The same files with one replaced (or removed when `bytes` is null). */
export function replaceFile(
  files: UploadedFile[],
  name: string,
  bytes: Uint8Array | string | null,
): UploadedFile[] {
  const rest = files.filter((f) => f.name !== name);
  if (bytes === null) return rest;
  return [
    ...rest,
    { name, bytes: typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes },
  ];
}

export function fileText(files: UploadedFile[], name: string): string {
  const file = files.find((f) => f.name === name);
  if (!file) throw new Error(`no ${name} among the fixture files`);
  return new TextDecoder().decode(file.bytes);
}

/** model.json as an object, edited by `edit`, serialised back. */
export function editModelJson(
  files: UploadedFile[],
  edit: (json: Record<string, unknown>) => void,
): UploadedFile[] {
  const json = JSON.parse(fileText(files, 'model.json')) as Record<string, unknown>;
  edit(json);
  return replaceFile(files, 'model.json', JSON.stringify(json));
}

/** A deterministic RGB test image: a seeded texture with a bright square somewhere. */
export async function patternPng(seed: number, width = 16, height = width): Promise<Uint8Array> {
  const size = Math.min(width, height);
  let state = (seed * 2654435761 + 12345) >>> 0;
  const next = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < data.length; i++) data[i] = Math.floor(next() * 96);
  const side = Math.max(2, Math.floor(size / 3));
  const x0 = Math.floor(next() * (width - side));
  const y0 = Math.floor(next() * (height - side));
  const channel = seed % 3;
  for (let y = y0; y < y0 + side; y++) {
    for (let x = x0; x < x0 + side; x++) data[(y * width + x) * 3 + channel] = 255;
  }
  return encodePng({ width, height, data });
}

/** `count` distinct images (distinct content: the API deduplicates by hash). */
export async function patternImages(
  count: number,
  options: { offset?: number; size?: number; prefix?: string } = {},
): Promise<UploadedFile[]> {
  const offset = options.offset ?? 0;
  return Promise.all(
    Array.from({ length: count }, async (_, i) => ({
      name: `${options.prefix ?? 'image'}-${offset + i}.png`,
      bytes: await patternPng(offset + i + 1, options.size),
    })),
  );
}

/** A binary mask PNG (white inside) of `width` x `height` where `inside(x, y)` holds. */
export function maskPng(
  width: number,
  height: number,
  inside: (x: number, y: number) => boolean,
): Promise<Uint8Array> {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      if (inside(x, y)) data.fill(255, (y * width + x) * 3, (y * width + x) * 3 + 3);
  return encodePng({ width, height, data });
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const typeBytes = new TextEncoder().encode(type);
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(typeBytes, 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/**
 * A decompression bomb: a well-formed PNG header (valid CRCs) claiming `width` x `height`
 * RGB pixels, followed by a few bytes of compressed data. A decoder that trusted the header
 * would reserve width * height * 3 bytes.
 */
export function pngBomb(width: number, height: number): Uint8Array {
  const ihdr = new Uint8Array(13);
  const view = new DataView(ihdr.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  ihdr.set([8, 2, 0, 0, 0], 8);
  const idat = new Uint8Array(deflateSync(new Uint8Array(1024)));
  const parts = [
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', idat),
    chunk('IEND', new Uint8Array(0)),
  ];
  return concat(parts);
}

/** The width and height a PNG's IHDR states, and whether its CRC is right. */
export function readPngHeader(png: Uint8Array): { width: number; height: number; crcOk: boolean } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const length = view.getUint32(8);
  const crc = view.getUint32(16 + length);
  return {
    width: view.getUint32(16),
    height: view.getUint32(20),
    crcOk: crc === crc32(png.subarray(12, 16 + length)),
  };
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

function segment(marker: number, payload: number[]): number[] {
  const length = payload.length + 2;
  return [0xff, marker, length >> 8, length & 0xff, ...payload];
}

/**
 * A baseline greyscale JPEG (ITU T.81) of mid-grey 8x8 blocks, built by hand: every block
 * codes DC difference category 0 and an end-of-block, each as the one-bit code '0' of a
 * one-symbol Huffman table. `width` and `height` are multiples of 8.
 */
export function greyJpeg(width: number, height: number): Uint8Array {
  if (width % 8 || height % 8) throw new Error('greyJpeg takes multiples of 8');
  const quantisation = segment(0xdb, [0x00, ...new Array<number>(64).fill(1)]);
  const frame = segment(0xc0, [
    8,
    height >> 8,
    height & 0xff,
    width >> 8,
    width & 0xff,
    1,
    1,
    0x11,
    0,
  ]);
  const oneSymbolTable = (classAndId: number) =>
    segment(0xc4, [classAndId, 1, ...new Array<number>(15).fill(0), 0x00]);
  const scanHeader = segment(0xda, [1, 1, 0x00, 0, 63, 0]);
  const blocks = (width / 8) * (height / 8);
  const bits = 2 * blocks;
  const scan = new Array<number>(Math.ceil(bits / 8)).fill(0);
  const spare = scan.length * 8 - bits;
  if (spare) scan[scan.length - 1] = (1 << spare) - 1;
  return new Uint8Array([
    0xff,
    0xd8,
    ...quantisation,
    ...frame,
    ...oneSymbolTable(0x00),
    ...oneSymbolTable(0x10),
    ...scanHeader,
    ...scan,
    0xff,
    0xd9,
  ]);
}

/** The JPEG cut off inside its entropy-coded data (no end-of-image marker). */
export function truncatedJpeg(width: number, height: number): Uint8Array {
  const full = greyJpeg(width, height);
  const scanStart = full.length - 2 - Math.ceil((2 * (width / 8) * (height / 8)) / 8);
  return full.slice(0, scanStart + 1);
}
