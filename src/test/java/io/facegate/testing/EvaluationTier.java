package io.facegate.testing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Evaluation on photo sets kept outside the repository ({@link EvaluationSets}): skipped, saying
 * why, unless ../shared/faces or FACEGATE_SHARED_FACES is there. Put on a method next to its
 * class's tier; leave the tier out with {@code -DexcludedGroups=evaluation}.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Tag("evaluation")
public @interface EvaluationTier {}
