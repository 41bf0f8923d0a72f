-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "UploadStatus" AS ENUM ('PENDING', 'CONSUMED');

-- CreateEnum
CREATE TYPE "ModelFormat" AS ENUM ('LAYERS', 'GRAPH');

-- CreateEnum
CREATE TYPE "RunStatus" AS ENUM ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "DeviceClass" AS ENUM ('CPU', 'GPU', 'ANY');

-- CreateTable
CREATE TABLE "Team" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Team_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApiKey" (
    "id" UUID NOT NULL,
    "teamId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "secretHash" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "ApiKey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Upload" (
    "id" UUID NOT NULL,
    "teamId" UUID NOT NULL,
    "status" "UploadStatus" NOT NULL DEFAULT 'PENDING',
    "totalBytes" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "consumedAt" TIMESTAMP(3),

    CONSTRAINT "Upload_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "UploadFile" (
    "id" UUID NOT NULL,
    "uploadId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "bytes" BYTEA NOT NULL,

    CONSTRAINT "UploadFile_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Model" (
    "id" UUID NOT NULL,
    "teamId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Model_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ModelVersion" (
    "id" UUID NOT NULL,
    "modelId" UUID NOT NULL,
    "version" TEXT NOT NULL,
    "format" "ModelFormat" NOT NULL,
    "inputSpec" JSONB NOT NULL,
    "classNames" TEXT[],
    "layers" JSONB NOT NULL,
    "metadata" JSONB NOT NULL DEFAULT '{}',
    "sha256" TEXT NOT NULL,
    "sizeBytes" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ModelVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ModelArtifactFile" (
    "id" UUID NOT NULL,
    "modelVersionId" UUID NOT NULL,
    "path" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "bytes" BYTEA NOT NULL,

    CONSTRAINT "ModelArtifactFile_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Image" (
    "id" UUID NOT NULL,
    "teamId" UUID NOT NULL,
    "sha256" TEXT NOT NULL,
    "filename" TEXT,
    "format" TEXT NOT NULL,
    "width" INTEGER NOT NULL,
    "height" INTEGER NOT NULL,
    "bytes" BYTEA NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Image_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ImageMask" (
    "id" UUID NOT NULL,
    "imageId" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "png" BYTEA NOT NULL,

    CONSTRAINT "ImageMask_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Dataset" (
    "id" UUID NOT NULL,
    "teamId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Dataset_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DatasetImage" (
    "datasetId" UUID NOT NULL,
    "imageId" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "label" TEXT,

    CONSTRAINT "DatasetImage_pkey" PRIMARY KEY ("datasetId","imageId")
);

-- CreateTable
CREATE TABLE "Plugin" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "version" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "paramsSchema" JSONB NOT NULL,
    "requires" JSONB NOT NULL,
    "output" JSONB NOT NULL,
    "reference" JSONB,
    "source" TEXT,
    "registeredAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Plugin_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Run" (
    "id" UUID NOT NULL,
    "teamId" UUID NOT NULL,
    "modelVersionId" UUID NOT NULL,
    "status" "RunStatus" NOT NULL DEFAULT 'QUEUED',
    "targets" JSONB NOT NULL,
    "seed" INTEGER NOT NULL DEFAULT 0,
    "batchSize" INTEGER,
    "deviceClass" "DeviceClass" NOT NULL DEFAULT 'ANY',
    "priority" INTEGER NOT NULL DEFAULT 0,
    "backgroundDatasetId" UUID,
    "idempotencyKey" TEXT,
    "progressDone" INTEGER NOT NULL DEFAULT 0,
    "progressTotal" INTEGER NOT NULL,
    "attempt" INTEGER NOT NULL DEFAULT 0,
    "workerId" UUID,
    "failureCode" TEXT,
    "failureMessage" TEXT,
    "cancelRequestedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Run_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RunMethod" (
    "id" UUID NOT NULL,
    "runId" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "pluginName" TEXT NOT NULL,
    "pluginVersion" TEXT NOT NULL,
    "params" JSONB NOT NULL,

    CONSTRAINT "RunMethod_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RunImage" (
    "runId" UUID NOT NULL,
    "imageId" UUID NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "RunImage_pkey" PRIMARY KEY ("runId","imageId")
);

-- CreateTable
CREATE TABLE "Explanation" (
    "id" UUID NOT NULL,
    "runId" UUID NOT NULL,
    "runMethodId" UUID NOT NULL,
    "imageId" UUID NOT NULL,
    "targetIndex" INTEGER NOT NULL,
    "targetLabel" TEXT NOT NULL,
    "targetProbability" DOUBLE PRECISION NOT NULL,
    "targetRank" INTEGER NOT NULL,
    "predictions" JSONB NOT NULL,
    "attribution" BYTEA NOT NULL,
    "shape" INTEGER[],
    "dtype" TEXT NOT NULL,
    "signed" BOOLEAN NOT NULL,
    "attributionMin" DOUBLE PRECISION NOT NULL,
    "attributionMax" DOUBLE PRECISION NOT NULL,
    "overlayPng" BYTEA NOT NULL,
    "heatmapPng" BYTEA NOT NULL,
    "extras" JSONB NOT NULL DEFAULT '{}',
    "metrics" JSONB NOT NULL DEFAULT '{}',
    "durationMs" INTEGER NOT NULL,
    "backend" TEXT NOT NULL,
    "device" TEXT NOT NULL,
    "workerId" UUID,
    "attempt" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Explanation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ExplanationArray" (
    "explanationId" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "dtype" TEXT NOT NULL,
    "shape" INTEGER[],
    "bytes" BYTEA NOT NULL,

    CONSTRAINT "ExplanationArray_pkey" PRIMARY KEY ("explanationId","key")
);

-- CreateTable
CREATE TABLE "Worker" (
    "id" UUID NOT NULL,
    "hostname" TEXT NOT NULL,
    "pid" INTEGER NOT NULL,
    "deviceClass" "DeviceClass" NOT NULL,
    "backend" TEXT NOT NULL,
    "memoryBytes" BIGINT NOT NULL,
    "capabilities" JSONB NOT NULL DEFAULT '{}',
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "heartbeatAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "stoppedAt" TIMESTAMP(3),

    CONSTRAINT "Worker_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Team_slug_key" ON "Team"("slug");

-- CreateIndex
CREATE UNIQUE INDEX "ApiKey_prefix_key" ON "ApiKey"("prefix");

-- CreateIndex
CREATE INDEX "ApiKey_teamId_idx" ON "ApiKey"("teamId");

-- CreateIndex
CREATE INDEX "Upload_teamId_createdAt_idx" ON "Upload"("teamId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "UploadFile_uploadId_name_key" ON "UploadFile"("uploadId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "Model_teamId_name_key" ON "Model"("teamId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "ModelVersion_modelId_version_key" ON "ModelVersion"("modelId", "version");

-- CreateIndex
CREATE UNIQUE INDEX "ModelArtifactFile_modelVersionId_path_key" ON "ModelArtifactFile"("modelVersionId", "path");

-- CreateIndex
CREATE UNIQUE INDEX "Image_teamId_sha256_key" ON "Image"("teamId", "sha256");

-- CreateIndex
CREATE UNIQUE INDEX "ImageMask_imageId_kind_key" ON "ImageMask"("imageId", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "Dataset_teamId_name_key" ON "Dataset"("teamId", "name");

-- CreateIndex
CREATE INDEX "DatasetImage_datasetId_position_idx" ON "DatasetImage"("datasetId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "Plugin_name_version_key" ON "Plugin"("name", "version");

-- CreateIndex
CREATE INDEX "Run_teamId_status_createdAt_idx" ON "Run"("teamId", "status", "createdAt");

-- CreateIndex
CREATE INDEX "Run_teamId_createdAt_idx" ON "Run"("teamId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Run_teamId_idempotencyKey_key" ON "Run"("teamId", "idempotencyKey");

-- CreateIndex
CREATE UNIQUE INDEX "RunMethod_runId_position_key" ON "RunMethod"("runId", "position");

-- CreateIndex
CREATE INDEX "RunImage_runId_position_idx" ON "RunImage"("runId", "position");

-- CreateIndex
CREATE INDEX "Explanation_runId_idx" ON "Explanation"("runId");

-- CreateIndex
CREATE INDEX "Explanation_imageId_idx" ON "Explanation"("imageId");

-- CreateIndex
CREATE UNIQUE INDEX "Explanation_runId_imageId_runMethodId_targetIndex_key" ON "Explanation"("runId", "imageId", "runMethodId", "targetIndex");

-- AddForeignKey
ALTER TABLE "ApiKey" ADD CONSTRAINT "ApiKey_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Upload" ADD CONSTRAINT "Upload_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "UploadFile" ADD CONSTRAINT "UploadFile_uploadId_fkey" FOREIGN KEY ("uploadId") REFERENCES "Upload"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Model" ADD CONSTRAINT "Model_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ModelVersion" ADD CONSTRAINT "ModelVersion_modelId_fkey" FOREIGN KEY ("modelId") REFERENCES "Model"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ModelArtifactFile" ADD CONSTRAINT "ModelArtifactFile_modelVersionId_fkey" FOREIGN KEY ("modelVersionId") REFERENCES "ModelVersion"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Image" ADD CONSTRAINT "Image_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ImageMask" ADD CONSTRAINT "ImageMask_imageId_fkey" FOREIGN KEY ("imageId") REFERENCES "Image"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Dataset" ADD CONSTRAINT "Dataset_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DatasetImage" ADD CONSTRAINT "DatasetImage_datasetId_fkey" FOREIGN KEY ("datasetId") REFERENCES "Dataset"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DatasetImage" ADD CONSTRAINT "DatasetImage_imageId_fkey" FOREIGN KEY ("imageId") REFERENCES "Image"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Run" ADD CONSTRAINT "Run_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Run" ADD CONSTRAINT "Run_modelVersionId_fkey" FOREIGN KEY ("modelVersionId") REFERENCES "ModelVersion"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Run" ADD CONSTRAINT "Run_backgroundDatasetId_fkey" FOREIGN KEY ("backgroundDatasetId") REFERENCES "Dataset"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Run" ADD CONSTRAINT "Run_workerId_fkey" FOREIGN KEY ("workerId") REFERENCES "Worker"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RunMethod" ADD CONSTRAINT "RunMethod_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RunImage" ADD CONSTRAINT "RunImage_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RunImage" ADD CONSTRAINT "RunImage_imageId_fkey" FOREIGN KEY ("imageId") REFERENCES "Image"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Explanation" ADD CONSTRAINT "Explanation_runId_fkey" FOREIGN KEY ("runId") REFERENCES "Run"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Explanation" ADD CONSTRAINT "Explanation_runMethodId_fkey" FOREIGN KEY ("runMethodId") REFERENCES "RunMethod"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Explanation" ADD CONSTRAINT "Explanation_imageId_fkey" FOREIGN KEY ("imageId") REFERENCES "Image"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ExplanationArray" ADD CONSTRAINT "ExplanationArray_explanationId_fkey" FOREIGN KEY ("explanationId") REFERENCES "Explanation"("id") ON DELETE CASCADE ON UPDATE CASCADE;
