/**
 * The protobuf message classes and gRPC service definitions shipped inside @eventstore/db-client,
 * loaded through `require` so that the stand-in builds exactly the instances the client's own
 * (CommonJS) generated code serialises and checks with `instanceof`.
 */
import { createRequire } from 'node:module';
import type * as StreamsPb from '@eventstore/db-client/generated/streams_pb.js';
import type * as StreamsGrpc from '@eventstore/db-client/generated/streams_grpc_pb.js';
import type * as SharedPb from '@eventstore/db-client/generated/shared_pb.js';
import type * as StatusPb from '@eventstore/db-client/generated/status_pb.js';
import type * as CodePb from '@eventstore/db-client/generated/code_pb.js';
import type * as FeaturesPb from '@eventstore/db-client/generated/serverfeatures_pb.js';
import type * as FeaturesGrpc from '@eventstore/db-client/generated/serverfeatures_grpc_pb.js';
import type * as AnyPb from 'google-protobuf/google/protobuf/any_pb.js';
import type * as EmptyPb from 'google-protobuf/google/protobuf/empty_pb.js';

const require = createRequire(import.meta.url);
const generated = (name: string): unknown => require(`@eventstore/db-client/generated/${name}.js`);
/** google-protobuf as the client's generated code resolves it (one copy, one set of classes). */
const clientRequire = createRequire(require.resolve('@eventstore/db-client/generated/streams_pb.js'));

export const streamsPb = generated('streams_pb') as typeof StreamsPb;
export const streamsGrpc = generated('streams_grpc_pb') as typeof StreamsGrpc;
export const sharedPb = generated('shared_pb') as typeof SharedPb;
export const statusPb = generated('status_pb') as typeof StatusPb;
export const codePb = generated('code_pb') as typeof CodePb;
export const featuresPb = generated('serverfeatures_pb') as typeof FeaturesPb;
export const featuresGrpc = generated('serverfeatures_grpc_pb') as typeof FeaturesGrpc;
export const anyPb = clientRequire('google-protobuf/google/protobuf/any_pb.js') as typeof AnyPb;
export const emptyPb = clientRequire('google-protobuf/google/protobuf/empty_pb.js') as typeof EmptyPb;

export type ReadReq = StreamsPb.ReadReq;
export type ReadResp = StreamsPb.ReadResp;
export type AppendReq = StreamsPb.AppendReq;
export type AppendResp = StreamsPb.AppendResp;
export type BatchAppendReq = StreamsPb.BatchAppendReq;
export type BatchAppendResp = StreamsPb.BatchAppendResp;
export type Uuid = SharedPb.UUID;
export type ReadOptions = StreamsPb.ReadReq.Options;
export type AppendOptions = StreamsPb.AppendReq.Options;
export type BatchAppendOptions = StreamsPb.BatchAppendReq.Options;
