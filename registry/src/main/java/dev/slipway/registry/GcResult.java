package dev.slipway.registry;

/**
 * What a garbage collection run did.
 *
 * @param blobsMarked blobs still referenced by some manifest
 * @param blobsDeleted unreferenced blobs older than the grace period that were deleted
 * @param bytesFreed their total size
 * @param blobsKeptRecent unreferenced blobs kept because they are younger than the grace period
 * @param uploadsPurged abandoned upload sessions deleted
 */
public record GcResult(int blobsMarked, int blobsDeleted, long bytesFreed, int blobsKeptRecent, int uploadsPurged) {}
