/*
 * Image references, Runtime tags and what a Dockerfile's base image is: the
 * plain data of parsing.
 */

/**
 * A Docker image reference split per the Docker reference grammar.
 *
 * @public
 */
export interface ImageReference {
  /** The text as written (after ARG expansion). */
  raw: string;
  /** Registry host (with port) when the first path component is one (`.`, `:` or `localhost`). */
  registry?: string;
  /** Repository path without the registry, e.g. `astronomer/astro-runtime`. */
  repository: string;
  tag?: string;
  /** e.g. `sha256:<64 hex>` */
  digest?: string;
}

/**
 * The Runtime release line a tag belongs to, decided by the tag's format:
 * `airflow2` = `X.Y.Z` (Runtime 3..13), `airflow3` = `X.Y-N`, `certified` = the
 * legacy Astronomer Certified `ap-airflow` images.
 *
 * @public
 */
export type RuntimeLine = 'airflow2' | 'airflow3' | 'certified';

/**
 * A classified Runtime image tag.
 *
 * @public
 */
export interface RuntimeTag {
  /** The tag as written, e.g. `11.0.0-python-3.11-slim-base`. */
  raw: string;
  line: RuntimeLine;
  /** The tag without variant suffixes; pre-release part kept: `12.4.0`, `3.1-12`, `3.0-1-nightly20250220`. */
  version: string;
  prerelease: boolean;
  /** `3.1` or `3`: not pinned to a build. */
  floating: boolean;
  /** From a `-python-X.Y` suffix. */
  python?: string;
  /** Other variant suffixes in order of appearance: `slim`, `base`, `ubi9`, `onbuild` ... */
  variants: string[];
  /**
   * Set when the tag of an Astro image follows no Runtime tag grammar
   * (`latest`, no tag at all, junk). `version` is then the raw tag (or
   * `latest` when there is no tag); `floating` is true for `latest`/no tag.
   */
  unrecognized?: boolean;
}

/**
 * A byte/line span inside a text, so an edit can change exactly those bytes.
 *
 * @public
 */
export interface TextSpan {
  /** 1-based line number. */
  line: number;
  /** Offset (UTF-16 code units, into the text as given, BOM included) of the first character. */
  start: number;
  /** Offset one past the last character. */
  end: number;
}

/**
 * What a Dockerfile's final stage is based on.
 *
 * @public
 */
export type DockerfileBase =
  | {
      kind: 'astro';
      image: ImageReference;
      runtime: RuntimeTag;
      /** The FROM instruction that decided it. */
      from: TextSpan;
      /** Where the tag text sits (in the FROM line, or in the ARG default when it came from an ARG). */
      tagSpan: TextSpan;
      /** Where the `@sha256:...` digest sits (the `@` included), when present in the text. */
      digestSpan?: TextSpan;
      /**
       * Where the version token (the tag without variant suffixes) sits; for an
       * image without a tag, the empty span where `:tag` would be inserted.
       * Absent when the version is assembled from several places (e.g. two ARGs).
       */
      versionSpan?: TextSpan;
      /** Where `registry/repository` sits, when it is written in one piece. */
      nameSpan?: TextSpan;
      /** The ARG line when the tag came from a global ARG default. */
      arg?: TextSpan & { name: string };
      /** Name of the final stage (`AS name`), if any. */
      stage?: string;
      /** Number of FROM instructions in the file. */
      stages: number;
    }
  | {
      kind: 'not-astro';
      image: ImageReference;
      from: TextSpan;
      stages: number;
    };
