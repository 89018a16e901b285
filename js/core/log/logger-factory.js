import { Levels } from "./levels.js";
import { Logger } from "./logger.js";

/**
 * LoggerFactory: holds the level, the optional connector and the loggers by category.
 * @public
 */
export class LoggerFactory {
  constructor() {
    this.builtinEnabled = true;
    this._level = Levels.log;
    this.loggers = {};
    this.logger = this.getLogger("sip:loggerfactory");
  }

  get level() {
    return this._level;
  }

  set level(newLevel) {
    if (typeof newLevel === "number" && newLevel >= 0 && newLevel <= 3) {
      this._level = newLevel;
    } else if (typeof newLevel === "number" && newLevel > 3) {
      this._level = 3;
    } else if (typeof newLevel === "string" && Object.prototype.hasOwnProperty.call(Levels, newLevel)) {
      // A level name ("warn") or its number as a string ("1").
      const mapped = Levels[newLevel];
      this._level = typeof mapped === "number" ? mapped : Number(newLevel);
    } else {
      this.logger.error("invalid 'level' parameter value: " + JSON.stringify(newLevel));
    }
  }

  get connector() {
    return this._connector;
  }

  set connector(value) {
    if (!value) {
      this._connector = undefined;
    } else if (typeof value === "function") {
      this._connector = value;
    } else {
      this.logger.error("invalid 'connector' parameter value: " + JSON.stringify(value));
    }
  }

  getLogger(category, label) {
    if (label && this.level === 3) {
      return new Logger(this, category, label);
    }
    if (Object.prototype.hasOwnProperty.call(this.loggers, category)) {
      return this.loggers[category];
    }
    const logger = new Logger(this, category);
    this.loggers[category] = logger;
    return logger;
  }

  genericLog(levelToLog, category, label, content) {
    if (this.level >= levelToLog && this.builtinEnabled) {
      this.print(levelToLog, category, label, content);
    }
    if (this.connector) {
      this.connector(Levels[levelToLog], category, label, content);
    }
  }

  print(levelToLog, category, label, content) {
    if (typeof content === "string") {
      const prefix = [new Date(), category];
      if (label) {
        prefix.push(label);
      }
      content = prefix.concat(content).join(" | ");
    }
    switch (levelToLog) {
      case Levels.error:
        console.error(content);
        break;
      case Levels.warn:
        console.warn(content);
        break;
      case Levels.log:
        console.log(content);
        break;
      case Levels.debug:
        console.debug(content);
        break;
      default:
        break;
    }
  }
}
