package dev.slipway.workflow;

import java.util.Optional;

/** A secret a reusable workflow declares ({@code on.workflow_call.secrets}). */
public record SecretDef(String name, boolean required, Optional<String> description) {}
