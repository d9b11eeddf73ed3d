/** The chatbot's typed errors. */
import { ConfigurationError, InvalidInputError } from '../errors';

/** The intents data is malformed: a deployment problem, reported at start-up. */
export class ChatbotDataError extends ConfigurationError {
  static override code = 'ERR_CHATBOT_DATA';
}

/** A chat message is empty, too long or otherwise unusable. */
export class InvalidChatMessageError extends InvalidInputError {
  static override code = 'ERR_INVALID_CHAT_MESSAGE';
}
