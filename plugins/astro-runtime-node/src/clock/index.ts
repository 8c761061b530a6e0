export {
  astroRuntimeClock,
  readAstroRuntimeClockStartAt,
} from './astroRuntimeClock';
