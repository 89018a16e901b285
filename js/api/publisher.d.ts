import { URI } from "../grammar/uri.js";
import { Emitter } from "./emitter.js";
import { PublisherOptions } from "./publisher-options.js";
import { PublisherPublishOptions } from "./publisher-publish-options.js";
import { PublisherState } from "./publisher-state.js";
import { PublisherUnpublishOptions } from "./publisher-unpublish-options.js";
import { UserAgent } from "./user-agent.js";

/**
 * A publisher publishes a publication (outgoing PUBLISH).
 * @public
 */
export declare class Publisher {
  /**
   * @param userAgent - User agent. See {@link UserAgent} for details.
   * @param targetURI - Request URI identifying the target of the message.
   * @param eventType - The event type identifying the published document.
   * @param options - Options bucket. See {@link PublisherOptions} for details.
   */
  constructor(userAgent: UserAgent, targetURI: URI, eventType: string, options?: PublisherOptions);
  /** Destructor (un-PUBLISHes when `unpublishOnClose`). */
  dispose(): Promise<void>;
  /** The publication state. */
  get state(): PublisherState;
  /** Emits when the publisher state changes. */
  get stateChange(): Emitter<PublisherState>;
  /**
   * Publish.
   * @param content - Body to publish
   */
  publish(content: string, options?: PublisherPublishOptions): Promise<void>;
  /** Unpublish. */
  unpublish(options?: PublisherUnpublishOptions): Promise<void>;
}
