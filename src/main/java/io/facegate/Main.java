package io.facegate;

import io.facegate.cli.BackupCommand;
import io.facegate.cli.ExportCommand;
import io.facegate.cli.ImportCommand;
import io.facegate.cli.ReembedCommand;
import io.facegate.cli.RestoreCommand;
import io.facegate.cli.ServeCommand;
import io.facegate.cli.TokenCommand;
import io.facegate.enroll.EnrollCommand;
import io.facegate.tools.bench.BenchCommand;
import io.facegate.tools.bench.FleetBenchCommand;
import io.facegate.tools.bench.IndexBenchCommand;
import io.facegate.tools.bench.LoadgenCommand;
import io.facegate.tools.bench.SynthCommand;
import io.facegate.tools.eval.EvalCommand;
import io.facegate.tools.eval.SpoofCheckCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar facegate.jar
 * [serve|token|enroll|eval|bench|spoofcheck|backup|restore|export|import|reembed|synth|bench-index|loadgen|bench-fleet
 * ...]}; no subcommand means serve.
 */
@Command(
    name = "facegate",
    mixinStandardHelpOptions = true,
    version = "facegate 0.1.0",
    description = "Face enrollment and verification server for edge devices.",
    subcommands = {
      ServeCommand.class,
      TokenCommand.class,
      EnrollCommand.class,
      EvalCommand.class,
      BenchCommand.class,
      SpoofCheckCommand.class,
      BackupCommand.class,
      RestoreCommand.class,
      ExportCommand.class,
      ImportCommand.class,
      ReembedCommand.class,
      SynthCommand.class,
      IndexBenchCommand.class,
      LoadgenCommand.class,
      FleetBenchCommand.class
    })
public final class Main implements Runnable {
  public static void main(String[] args) {
    CommandLine cli = new CommandLine(new Main());
    cli.setExecutionExceptionHandler(
        (e, command, parsed) -> {
          if (e instanceof IllegalArgumentException || e instanceof IllegalStateException) {
            // A refusal with a message written for the operator (data dir in use, damaged
            // backup...): no stack trace.
            command
                .getErr()
                .println("facegate " + command.getCommandName() + ": " + e.getMessage());
            return 1;
          }
          throw e;
        });
    int exit = args.length == 0 ? cli.execute("serve") : cli.execute(args);
    if (exit != 0 || args.length == 0 || !"serve".equals(args[0])) {
      System.exit(exit);
    }
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }
}
