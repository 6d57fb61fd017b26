import Foundation
import Prometheus
import Shared

/// The indexer's figures for node_exporter's textfile collector: after every run (or failed run)
/// `HMCP_METRICS_TEXTFILE` is replaced atomically (written beside it, then renamed) with the last run's
/// outcome and the live index's state, in the Prometheus text format.
struct IndexMetricsFile {
    /// The `.prom` file to replace.
    let url: URL

    /// Writes the figures of a run that ended with `outcome` (nil: it failed) and of `status`.
    func write(outcome: IndexRunOutcome?, status: IndexStatus, finishedAt: Date = Date()) throws {
        let registry = PrometheusCollectorRegistry()
        func gauge(_ name: String, _ help: String, _ value: Double, _ labels: [(String, String)] = []) {
            registry.makeGauge(name: name, labels: labels, help: help).set(value)
        }
        gauge("hmcp_index_last_run_success", "1 when the last run succeeded, 0 when it failed", outcome == nil ? 0 : 1)
        gauge("hmcp_index_last_run_timestamp_seconds", "When the last run ended (Unix time)", finishedAt.timeIntervalSince1970)
        if let outcome {
            let mode = [("mode", outcome.mode)]
            gauge("hmcp_index_last_run_duration_seconds", "Wall-clock time of the last run", outcome.totalSeconds, mode)
            for (stage, seconds) in [("halo", outcome.haloSeconds), ("embed", outcome.embedSeconds), ("write", outcome.writeSeconds)] {
                gauge("hmcp_index_last_run_stage_seconds", "Time of the last run per stage", seconds, mode + [("stage", stage)])
            }
            for (kind, count) in [("fetched", outcome.ticketsFetched), ("copied", outcome.ticketsCopied), ("deleted", outcome.ticketsDeleted)] {
                gauge("hmcp_index_last_run_tickets", "Tickets of the last run by what happened to them", Double(count), mode + [("kind", kind)])
            }
            for (kind, count) in [("embedded", outcome.chunksEmbedded), ("reused", outcome.chunksReused)] {
                gauge("hmcp_index_last_run_chunks", "Chunks of the last run, embedded or reused", Double(count), mode + [("kind", kind)])
            }
            gauge(
                "hmcp_index_embed_chunks_per_second", "Embedder throughput of the last run (chunks embedded per second embedding)",
                outcome.embedSeconds > 0 ? Double(outcome.chunksEmbedded) / outcome.embedSeconds : 0, mode)
        }
        gauge("hmcp_index_live_version", "The live index version (0: none)", Double(status.liveVersion ?? 0))
        gauge("hmcp_index_tickets", "Tickets in the live version", Double(status.tickets ?? 0))
        gauge("hmcp_index_rows", "Rows (chunks) in the live version", Double(status.rows ?? 0))
        gauge("hmcp_index_incomplete_histories", "Tickets of the live version with a short history", Double(status.incompleteHistories.count))
        gauge("hmcp_index_queue_depth", "Re-embed requests waiting", Double(status.queueDepth))

        let folder = url.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let partial = folder.appendingPathComponent(".\(url.lastPathComponent).\(getpid()).partial")
        try Data(registry.emitToBuffer()).write(to: partial)
        guard rename(partial.path, url.path) == 0 else {
            let failure = errno
            try? FileManager.default.removeItem(at: partial)
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: url.path, NSUnderlyingErrorKey: POSIXError(POSIXErrorCode(rawValue: failure) ?? .EIO)])
        }
    }
}
